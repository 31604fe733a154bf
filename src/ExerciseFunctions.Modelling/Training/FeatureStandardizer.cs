using ExerciseFunctions.Runtime.I3d;

namespace ExerciseFunctions.Modelling.Training;

/// <summary>
/// Per-dimension z-scoring fitted on the training features. A random backbone's pooled features sit on large,
/// nearly constant offsets with small class-dependent variations; scaling them to unit variance lets a briefly
/// trained, L2-regularised head use them. The scaling is folded into the trained layer, so the shipped head
/// takes raw features and the ONNX graph is unchanged.
/// </summary>
internal sealed class FeatureStandardizer
{
    // Dimensions that do not vary over the training set carry no information: they get scale 0.
    private const double ConstantStd = 1e-12;

    private FeatureStandardizer(double[] mean, double[] scale)
    {
        Mean = mean;
        Scale = scale;
    }

    public double[] Mean { get; }

    /// <summary>1 / standard deviation per dimension.</summary>
    public double[] Scale { get; }

    public static FeatureStandardizer Identity(int features) => new(new double[features], Enumerable.Repeat(1.0, features).ToArray());

    public static FeatureStandardizer Fit(IReadOnlyList<float[]> rows)
    {
        var features = rows[0].Length;
        var mean = new double[features];
        var scale = new double[features];
        for (var j = 0; j < features; j++)
        {
            var m = rows.Average(r => (double)r[j]);
            var std = Math.Sqrt(rows.Average(r => (r[j] - m) * (r[j] - m)));
            mean[j] = m;
            scale[j] = std > ConstantStd ? 1 / std : 0;
        }
        return new FeatureStandardizer(mean, scale);
    }

    /// <summary>The same standardisation with every output multiplied by <paramref name="factor"/>.</summary>
    public FeatureStandardizer Scaled(double factor) => new(Mean, Scale.Select(scale => scale * factor).ToArray());

    public double[] Apply(float[] x) => x.Select((value, j) => (value - Mean[j]) * Scale[j]).ToArray();

    /// <summary>The head that computes <paramref name="layer"/>(Apply(x)) directly on raw x: W' = W diag(scale), b' = b - W' mean.</summary>
    public StreamHead Fold(LinearLayer layer)
    {
        var weights = new float[layer.Weights.Length];
        var biases = new float[layer.Classes];
        for (var k = 0; k < layer.Classes; k++)
        {
            var bias = layer.Biases[k];
            for (var j = 0; j < layer.Features; j++)
            {
                var w = layer.Weights[k * layer.Features + j] * Scale[j];
                weights[k * layer.Features + j] = (float)w;
                bias -= w * Mean[j];
            }
            biases[k] = (float)bias;
        }
        return new StreamHead(weights, biases);
    }
}
