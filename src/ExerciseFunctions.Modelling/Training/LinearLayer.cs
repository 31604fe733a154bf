namespace ExerciseFunctions.Modelling.Training;

/// <summary>
/// A dense layer in double precision: weights [classes x features] (row per class, the layout of
/// <see cref="I3d.StreamHead"/>) and biases [classes].
/// </summary>
internal sealed class LinearLayer
{
    public LinearLayer(int classes, int features)
    {
        Classes = classes;
        Features = features;
        Weights = new double[classes * features];
        Biases = new double[classes];
    }

    public int Classes { get; }
    public int Features { get; }
    public double[] Weights { get; }
    public double[] Biases { get; }

    /// <summary>Weights ~ N(0, 1/features) from <paramref name="random"/> (the backbone's logits init), biases 0.</summary>
    public static LinearLayer Seeded(int classes, int features, Random random)
    {
        var layer = new LinearLayer(classes, features);
        var std = 1.0 / Math.Sqrt(features);
        for (var i = 0; i < layer.Weights.Length; i++)
        {
            layer.Weights[i] = std * random.NextGaussian();
        }
        return layer;
    }

    public LinearLayer Clone()
    {
        var copy = new LinearLayer(Classes, Features);
        Weights.CopyTo(copy.Weights, 0);
        Biases.CopyTo(copy.Biases, 0);
        return copy;
    }

    /// <summary>Adds W x + b to <paramref name="logits"/>.</summary>
    public void AddLogits(ReadOnlySpan<double> x, Span<double> logits)
    {
        for (var k = 0; k < Classes; k++)
        {
            logits[k] += Biases[k] + Dot(Weights.AsSpan(k * Features, Features), x);
        }
    }

    /// <summary>
    /// Gradient of (data loss + <paramref name="l2"/> * sum(W^2) / 2) given dLoss/dLogits: dW = dz x^T + l2 W, db = dz.
    /// </summary>
    public void Gradient(ReadOnlySpan<double> x, ReadOnlySpan<double> logitGradient, double l2, double[] weightGradient, double[] biasGradient)
    {
        for (var k = 0; k < Classes; k++)
        {
            var row = k * Features;
            for (var j = 0; j < Features; j++)
            {
                weightGradient[row + j] = logitGradient[k] * x[j] + l2 * Weights[row + j];
            }
            biasGradient[k] = logitGradient[k];
        }
    }

    /// <summary>sum(W^2) / 2, TensorFlow's l2_loss.</summary>
    public double HalfSquaredNorm()
    {
        var sum = 0.0;
        foreach (var w in Weights)
        {
            sum += w * w;
        }
        return sum / 2;
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
