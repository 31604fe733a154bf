using System.Runtime.InteropServices;
using System.Text;

namespace ExerciseFunctions.Core.I3d;

/// <summary>
/// Moving mean and variance of batch norms, by unit scope (e.g. <c>RGB/inception_i3d/Conv3d_1a_7x7</c>).
/// File: magic "I3DBNST1", int32 count, then per unit its scope, int32 channels, means, variances (float32 LE).
/// </summary>
public sealed class BatchNormStatistics
{
    private static readonly byte[] Magic = "I3DBNST1"u8.ToArray();
    private readonly Dictionary<string, (float[] Mean, float[] Variance)> units = new(StringComparer.Ordinal);

    public void Set(string unitScope, float[] mean, float[] variance)
    {
        if (mean.Length != variance.Length)
        {
            throw new ArgumentException($"{unitScope}: {mean.Length} means but {variance.Length} variances.");
        }
        units[unitScope] = (mean, variance);
    }

    public void Merge(BatchNormStatistics other)
    {
        foreach (var (scope, value) in other.units)
        {
            Set(scope, value.Mean, value.Variance);
        }
    }

    public bool TryGet(string unitScope, out (float[] Mean, float[] Variance) statistics) => units.TryGetValue(unitScope, out statistics);

    public void Write(Stream output)
    {
        using var writer = new BinaryWriter(output, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(units.Count);
        foreach (var (scope, (mean, variance)) in units.OrderBy(u => u.Key, StringComparer.Ordinal))
        {
            writer.Write(scope);
            writer.Write(mean.Length);
            writer.Write(MemoryMarshal.AsBytes(mean.AsSpan()));
            writer.Write(MemoryMarshal.AsBytes(variance.AsSpan()));
        }
    }

    public static BatchNormStatistics Read(Stream input, string source)
    {
        using var reader = new BinaryReader(input, Encoding.UTF8, leaveOpen: true);
        try
        {
            if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
            {
                throw new InvalidDataException($"{source} is not a batch-norm statistics file (I3DBNST1).");
            }
            var statistics = new BatchNormStatistics();
            var count = reader.ReadInt32();
            for (var i = 0; i < count; i++)
            {
                var scope = reader.ReadString();
                var channels = reader.ReadInt32();
                statistics.Set(scope, ReadFloats(reader, channels), ReadFloats(reader, channels));
            }
            return statistics;
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"{source} is truncated.");
        }
    }

    private static float[] ReadFloats(BinaryReader reader, int count)
    {
        if (count is < 0 or > 1 << 16)
        {
            throw new InvalidDataException($"implausible channel count {count}.");
        }
        var values = new float[count];
        reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }
}

/// <summary>Another weight source with its batch-norm moving statistics replaced wherever <paramref name="statistics"/> has them.</summary>
public sealed class CalibratedWeights(IWeightSource inner, BatchNormStatistics statistics) : IWeightSource
{
    public float[] Read(I3dVariable variable)
    {
        if (variable.Kind is VariableKind.BatchNormMean or VariableKind.BatchNormVariance
            && statistics.TryGet(UnitScope(variable.Name), out var unit))
        {
            var values = variable.Kind == VariableKind.BatchNormMean ? unit.Mean : unit.Variance;
            if (values.Length != variable.ElementCount)
            {
                throw new InvalidDataException($"{variable.Name}: statistics have {values.Length} channels, the graph {variable.ElementCount}.");
            }
            return values;
        }
        return inner.Read(variable);
    }

    /// <summary><c>.../Conv3d_1a_7x7/batch_norm/moving_mean</c> → <c>.../Conv3d_1a_7x7</c>.</summary>
    public static string UnitScope(string variableName) => variableName[..variableName.LastIndexOf("/batch_norm/", StringComparison.Ordinal)];
}
