using System.Runtime.InteropServices;
using System.Text;

namespace ExerciseFunctions.Runtime.I3d;

/// <summary>
/// Trained heads of both streams in one small binary file: magic "I3DHEAD2", int32 classes, int32 features, then
/// for RGB and then flow: weights [classes x features] (row per class) and biases [classes], float32 little-endian.
/// "I3DHEAD1" files (the first format, no feature count) hold I3D heads of 1024 features.
/// </summary>
public sealed record TwoStreamHead(StreamHead Rgb, StreamHead Flow)
{
    private static readonly byte[] Magic = "I3DHEAD2"u8.ToArray();
    private static readonly byte[] FirstMagic = "I3DHEAD1"u8.ToArray();

    public int Classes => Rgb.Classes;

    public int FeatureChannels => Rgb.FeatureChannels;

    public StreamHead For(I3dStream stream) => stream == I3dStream.Rgb ? Rgb : Flow;

    public void Write(Stream output)
    {
        using var writer = new BinaryWriter(output, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(Classes);
        writer.Write(FeatureChannels);
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
            var magic = reader.ReadBytes(Magic.Length);
            var first = magic.AsSpan().SequenceEqual(FirstMagic);
            if (!first && !magic.AsSpan().SequenceEqual(Magic))
            {
                throw new InvalidDataException($"{what} is not an I3D head file (bad magic).");
            }
            var classes = reader.ReadInt32();
            var features = first ? I3dArchitecture.FeatureChannels : reader.ReadInt32();
            if (classes is <= 0 or > 100_000 || features is <= 0 or > 100_000)
            {
                throw new InvalidDataException($"{what} declares {classes} classes of {features} features.");
            }
            return new TwoStreamHead(ReadHead(reader, classes, features), ReadHead(reader, classes, features));
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"{what} is truncated.");
        }
    }

    private static StreamHead ReadHead(BinaryReader reader, int classes, int features) =>
        new(ReadFloats(reader, classes * features), ReadFloats(reader, classes));

    private static float[] ReadFloats(BinaryReader reader, int count)
    {
        var values = new float[count];
        reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }
}

/// <summary>A stream's logits layer: weights [classes, features] (row per class) and biases [classes].</summary>
public sealed record StreamHead(float[] Weights, float[] Biases)
{
    public int Classes => Biases.Length;

    public int FeatureChannels => Classes == 0 ? 0 : Weights.Length / Classes;

    public StreamHead Validate(string what, int featureChannels)
    {
        if (Biases.Length == 0 || Weights.Length != Biases.Length * featureChannels)
        {
            throw new InvalidDataException(
                $"{what}: head weights have {Weights.Length} values for {Biases.Length} classes (expected classes x {featureChannels}).");
        }
        return this;
    }
}

/// <summary>Replaces the logits layer of another weight source with a given head.</summary>
public sealed class HeadOverlay(IWeightSource backbone, StreamHead head) : IWeightSource
{
    public float[] Read(I3dVariable variable)
    {
        if (!variable.Name.Contains(I3dArchitecture.LogitsLayer, StringComparison.Ordinal))
        {
            return backbone.Read(variable);
        }
        var values = variable.Kind == VariableKind.ConvBias ? head.Biases : head.Weights;
        if (values.Length != variable.ElementCount)
        {
            throw new InvalidDataException($"Head for {variable.Name} has {values.Length} values, the graph needs {variable.ElementCount}.");
        }
        return values;
    }
}
