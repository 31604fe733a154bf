using ExerciseFunctions.Runtime.I3d;
namespace ExerciseFunctions.Modelling.Calibration;

/// <summary>
/// Moving mean and variance of batch norms, by unit scope (e.g. <c>RGB/inception_i3d/Conv3d_1a_7x7</c>).
/// </summary>
public sealed class BatchNormStatistics
{
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
