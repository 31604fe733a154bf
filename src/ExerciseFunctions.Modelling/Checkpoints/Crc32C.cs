using System.Buffers.Binary;
using System.Numerics;

namespace ExerciseFunctions.Modelling.Checkpoints;

/// <summary>CRC32C (Castagnoli) as LevelDB and TensorFlow use it, including their "masked" form for stored CRCs.</summary>
public static class Crc32C
{
    private const uint MaskDelta = 0xa282ead8;

    public static uint Compute(ReadOnlySpan<byte> data) => Extend(0, data);

    /// <summary>The CRC of the concatenation of the data behind <paramref name="crc"/> and <paramref name="data"/>.</summary>
    public static uint Extend(uint crc, ReadOnlySpan<byte> data)
    {
        var state = ~crc;
        for (; data.Length >= sizeof(ulong); data = data[sizeof(ulong)..])
        {
            state = BitOperations.Crc32C(state, BinaryPrimitives.ReadUInt64LittleEndian(data));
        }
        foreach (var b in data)
        {
            state = BitOperations.Crc32C(state, b);
        }
        return ~state;
    }

    /// <summary>Stored CRCs are masked so that a CRC over data containing CRCs stays well distributed.</summary>
    public static uint Mask(uint crc) => ((crc >> 15) | (crc << 17)) + MaskDelta;

    public static uint Unmask(uint masked)
    {
        var rotated = masked - MaskDelta;
        return (rotated >> 17) | (rotated << 15);
    }
}
