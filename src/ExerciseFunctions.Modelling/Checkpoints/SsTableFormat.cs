using System.Buffers.Binary;

namespace ExerciseFunctions.Modelling.Checkpoints;

/// <summary>Where a block lies in the table file.</summary>
internal readonly record struct BlockHandle(ulong Offset, ulong Size);

/// <summary>
/// Constants and varint coding of the LevelDB table format, which TensorFlow uses for checkpoint index files:
/// blocks of prefix-compressed entries with restart points, each followed by a 5-byte trailer (compression
/// type, masked CRC32C), and a 48-byte footer (metaindex and index handles, padding, magic).
/// </summary>
internal static class SsTableFormat
{
    public const ulong Magic = 0xdb4775248b80fb57;
    public const int FooterLength = 48;
    public const int BlockTrailerLength = 5;
    public const byte NoCompression = 0;

    public static ulong ReadVarint(ReadOnlySpan<byte> data, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (position >= data.Length)
            {
                throw new InvalidDataException("Truncated varint in checkpoint index.");
            }
            var b = data[position++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
        throw new InvalidDataException("Malformed varint in checkpoint index.");
    }

    public static void WriteVarint(Stream output, ulong value)
    {
        for (; value >= 0x80; value >>= 7)
        {
            output.WriteByte((byte)(value | 0x80));
        }
        output.WriteByte((byte)value);
    }

    public static BlockHandle ReadHandle(ReadOnlySpan<byte> data, ref int position) =>
        new(ReadVarint(data, ref position), ReadVarint(data, ref position));

    public static void WriteHandle(Stream output, BlockHandle handle)
    {
        WriteVarint(output, handle.Offset);
        WriteVarint(output, handle.Size);
    }

    public static uint ReadUInt32(ReadOnlySpan<byte> data, int position) => BinaryPrimitives.ReadUInt32LittleEndian(data[position..]);
}
