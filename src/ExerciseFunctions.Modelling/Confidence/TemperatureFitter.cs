using ExerciseFunctions.Runtime.Models;

namespace ExerciseFunctions.Modelling.Confidence;

/// <summary>One example for calibration: fused logits and the index of the true class.</summary>
public sealed record LabelledLogits(float[] Logits, int Truth);

/// <summary>
/// Temperature scaling (Guo et al. 2017): the one temperature T that minimises the negative log-likelihood of the
/// true classes under softmax(z / T) on held-out examples.
/// </summary>
/// <remarks>
/// A one-dimensional search written here rather than an optimiser library: the NLL is convex in the inverse
/// temperature b = 1/T (log-sum-exp of b z minus b z_y is convex in b), so a golden-section search on b finds the
/// global minimum with ~60 evaluations and no gradient, tuning or dependency.
/// </remarks>
public static class TemperatureFitter
{
    /// <summary>Temperatures searched: a model up to 100x over- or underconfident.</summary>
    public const double MinTemperature = 0.01;
    public const double MaxTemperature = 100;

    private static readonly double InverseGoldenRatio = (Math.Sqrt(5) - 1) / 2;

    public static ConfidenceCalibration Fit(IReadOnlyList<LabelledLogits> examples)
    {
        if (examples.Count == 0)
        {
            throw new ArgumentException("No examples to fit a temperature on.", nameof(examples));
        }
        var (low, high) = (1 / MaxTemperature, 1 / MinTemperature);
        var a = high - InverseGoldenRatio * (high - low);
        var b = low + InverseGoldenRatio * (high - low);
        var (fa, fb) = (NegativeLogLikelihood(examples, a), NegativeLogLikelihood(examples, b));
        while (high - low > 1e-7 * (1 + low))
        {
            if (fa <= fb)
            {
                (high, b, fb) = (b, a, fa);
                a = high - InverseGoldenRatio * (high - low);
                fa = NegativeLogLikelihood(examples, a);
            }
            else
            {
                (low, a, fa) = (a, b, fb);
                b = low + InverseGoldenRatio * (high - low);
                fb = NegativeLogLikelihood(examples, b);
            }
        }
        return new ConfidenceCalibration(2 / (low + high));
    }

    /// <summary>Mean of -log softmax(b z)[y] over the examples.</summary>
    private static double NegativeLogLikelihood(IReadOnlyList<LabelledLogits> examples, double inverseTemperature) =>
        examples.Average(e =>
        {
            var scaled = e.Logits.Select(l => inverseTemperature * l).ToArray();
            var max = scaled.Max();
            return max + Math.Log(scaled.Sum(s => Math.Exp(s - max))) - scaled[e.Truth];
        });
}
