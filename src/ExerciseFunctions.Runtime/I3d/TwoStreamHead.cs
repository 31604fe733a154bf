using System.Runtime.InteropServices;
using System.Text;

namespace ExerciseFunctions.Runtime.I3d;

/// <summary>
/// Trained heads of both streams in one small binary file: magic "I3DHEAD1", int32 classes, then for RGB and
/// then flow: weights [classes x 1024] (row per class) and biases [classes], float32 little-endian.
/// </summary>
public sealed record TwoStreamHead(StreamHead Rgb, StreamHead Flow)
{
    private static readonly byte[] Magic = "I3DHEAD1"u8.ToArray();

    public int Classes => Rgb.Classes;

    public StreamHead For(I3dStream stream) => stream == I3dStream.Rgb ? Rgb : Flow;

    public void Write(Stream output)
    {
        using var writer = new BinaryWriter(output, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(Classes);
        foreach (var head in new[] { Rgb, Flow })
        {
            writer.Write(MemoryMarshal.AsBytes(head.Weights.AsSpan()));
            writer.Write(MemoryMarshal.AsBytes(head.Biases.AsSpan()));
        }
    }

    public static TwoStreamHead Read(Stream input, string what)
    {
        using var reader = new BinaryReader(input, Encoding.UTF8, leaveOpen: true);
        try
        {
            if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
            {
                throw new InvalidDataException($"{what} is not an I3D head file (bad magic).");
            }
            var classes = reader.ReadInt32();
            if (classes is <= 0 or > 100_000)
            {
                throw new InvalidDataException($"{what} declares {classes} classes.");
            }
            return new TwoStreamHead(ReadHead(reader, classes), ReadHead(reader, classes));
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"{what} is truncated.");
        }
    }

    private static StreamHead ReadHead(BinaryReader reader, int classes) =>
        new(ReadFloats(reader, classes * I3dArchitecture.FeatureChannels), ReadFloats(reader, classes));

    private static float[] ReadFloats(BinaryReader reader, int count)
    {
        var values = new float[count];
        reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }
}
