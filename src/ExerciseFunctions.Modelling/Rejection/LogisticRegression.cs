namespace ExerciseFunctions.Modelling.Rejection;

/// <summary>
/// Binary logistic regression by full-batch gradient descent on the class-balanced mean log-loss plus
/// <c>l2 * |w|^2 / 2</c>: deterministic, and small enough for a few hundred clips of 2048 features.
/// </summary>
internal static class LogisticRegression
{
    private const int Iterations = 3000;
    private const int PowerIterations = 100;

    public static (float[] Weights, double Bias) Fit(IReadOnlyList<float[]> rows, IReadOnlyList<bool> positive, double l2)
    {
        var positives = positive.Count(p => p);
        var negatives = positive.Count - positives;
        if (positives == 0 || negatives == 0)
        {
            throw new InvalidDataException("The logistic rejector needs both exercise and non-exercise clips.");
        }
        // Each class weighs half of the loss, however many clips it has.
        var sampleWeight = positive.Select(p => 0.5 / (p ? positives : negatives)).ToArray();
        var dimensions = rows[0].Length;
        var w = new double[dimensions];
        var b = 0.0;
        var gradient = new double[dimensions];
        // 1 / (the loss's largest curvature, 5% over the power-iteration estimate): the step never overshoots. The
        // bound max |x|² is safe too, but on the shipped default's features about 190 times too small to get anywhere
        // in these steps.
        var learningRate = 1 / (0.25 * 1.05 * LargestEigenvalue(rows, sampleWeight) + l2);
        for (var iteration = 0; iteration < Iterations; iteration++)
        {
            Array.Clear(gradient);
            var biasGradient = 0.0;
            for (var i = 0; i < rows.Count; i++)
            {
                var row = rows[i];
                var logit = b;
                for (var j = 0; j < dimensions; j++)
                {
                    logit += w[j] * row[j];
                }
                var error = sampleWeight[i] * (1 / (1 + Math.Exp(-logit)) - (positive[i] ? 1 : 0));
                for (var j = 0; j < dimensions; j++)
                {
                    gradient[j] += error * row[j];
                }
                biasGradient += error;
            }
            for (var j = 0; j < dimensions; j++)
            {
                w[j] -= learningRate * (gradient[j] + l2 * w[j]);
            }
            b -= learningRate * biasGradient;
        }
        return (w.Select(v => (float)v).ToArray(), b);
    }

    /// <summary>
    /// The largest eigenvalue of Σ weightᵢ x̃ᵢx̃ᵢᵀ, by power iteration, where x̃ᵢ is the row with a 1 appended: the bias
    /// is a weight too, and its curvature counts.
    /// </summary>
    internal static double LargestEigenvalue(IReadOnlyList<float[]> rows, double[] weight)
    {
        var dimensions = rows[0].Length;
        var v = new double[dimensions + 1];
        Array.Fill(v, 1 / Math.Sqrt(v.Length));
        var eigenvalue = 0.0;
        for (var iteration = 0; iteration < PowerIterations; iteration++)
        {
            var next = new double[v.Length];
            for (var i = 0; i < rows.Count; i++)
            {
                var row = rows[i];
                var projection = v[dimensions];
                for (var j = 0; j < dimensions; j++)
                {
                    projection += row[j] * v[j];
                }
                projection *= weight[i];
                for (var j = 0; j < dimensions; j++)
                {
                    next[j] += projection * row[j];
                }
                next[dimensions] += projection;
            }
            eigenvalue = Math.Sqrt(next.Sum(x => x * x));
            v = next.Select(x => x / eigenvalue).ToArray();
        }
        return eigenvalue;
    }
}
