using System.Text;

namespace ExerciseFunctions.Runtime.I3d;

/// <summary>
/// Deterministic He-normal initialisation: conv kernels ~ N(0, 2 / fan_in), the logits kernel ~ N(0, 1 / fan_in),
/// biases and betas 0, moving statistics (0, 1) so each batch norm is the identity. Each variable draws from its
/// own generator seeded by (seed, name), so values do not depend on build order or on other variables.
/// </summary>
public sealed class SeededWeights(int seed) : IWeightSource
{
    public const int DefaultSeed = 2017;

    public int Seed { get; } = seed;

    public float[] Read(I3dVariable variable)
    {
        var values = new float[variable.ElementCount];
        switch (variable.Kind)
        {
            case VariableKind.ConvKernel:
                var fanIn = variable.ElementCount / variable.OnnxShape[0];
                var gain = variable.Name.Contains(I3dArchitecture.LogitsLayer, StringComparison.Ordinal) ? 1.0 : 2.0;
                FillNormal(values, Math.Sqrt(gain / fanIn), new Random(VariableSeed(variable.Name)));
                break;
            case VariableKind.BatchNormVariance:
                Array.Fill(values, 1f);
                break;
        }
        return values;
    }

    private int VariableSeed(string name)
    {
        // FNV-1a: stable across processes, unlike string.GetHashCode.
        var hash = 2166136261u ^ (uint)Seed;
        foreach (var b in Encoding.UTF8.GetBytes(name))
        {
            hash = (hash ^ b) * 16777619u;
        }
        return (int)hash;
    }

    private static void FillNormal(float[] values, double std, Random random)
    {
        // Box-Muller, two samples per pair of uniforms.
        for (var i = 0; i < values.Length; i += 2)
        {
            var radius = std * Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble()));
            var angle = 2.0 * Math.PI * random.NextDouble();
            values[i] = (float)(radius * Math.Cos(angle));
            if (i + 1 < values.Length)
            {
                values[i + 1] = (float)(radius * Math.Sin(angle));
            }
        }
    }
}
