namespace ExerciseFunctions.Runtime.Inference;

public static class LogitFusion
{
    /// <summary>Element-wise mean of the windows' logits.</summary>
    public static float[] Average(IReadOnlyList<float[]> windowLogits)
    {
        if (windowLogits.Count == 0)
        {
            throw new ArgumentException("No window logits to average.", nameof(windowLogits));
        }
        var classes = RequireSameLength(windowLogits);
        var mean = new float[classes];
        for (var k = 0; k < classes; k++)
        {
            mean[k] = (float)windowLogits.Average(logits => (double)logits[k]);
        }
        return mean;
    }

    /// <summary>The two streams' logits added, as the paper fuses them.</summary>
    public static float[] Sum(float[] rgbLogits, float[] flowLogits)
    {
        RequireSameLength([rgbLogits, flowLogits]);
        return rgbLogits.Select((rgb, k) => rgb + flowLogits[k]).ToArray();
    }

    /// <summary>
    /// Softmax of the logits divided by <paramref name="temperature"/> (1: the plain softmax), in double precision,
    /// shifted by the maximum so large logits do not overflow.
    /// </summary>
    public static double[] Softmax(IReadOnlyList<float> logits, double temperature = 1)
    {
        if (logits.Count == 0)
        {
            throw new ArgumentException("No logits.", nameof(logits));
        }
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(temperature);
        var max = logits.Max(l => (double)l);
        var exps = logits.Select(l => Math.Exp((l - max) / temperature)).ToArray();
        var sum = exps.Sum();
        return exps.Select(e => e / sum).ToArray();
    }

    /// <summary>Indices of the <paramref name="k"/> highest scores, best first (ties: lower index first).</summary>
    public static int[] TopK(IReadOnlyList<double> scores, int k) =>
        Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ThenBy(i => i).Take(k).ToArray();

    private static int RequireSameLength(IReadOnlyList<float[]> logits)
    {
        var classes = logits[0].Length;
        if (logits.Any(l => l.Length != classes))
        {
            throw new ArgumentException($"Logit vectors differ in length: {string.Join(", ", logits.Select(l => l.Length))}.");
        }
        return classes;
    }
}
