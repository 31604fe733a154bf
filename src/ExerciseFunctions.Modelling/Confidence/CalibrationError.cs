namespace ExerciseFunctions.Modelling.Confidence;

/// <summary>One prediction's top probability and whether the top class was the true one.</summary>
public sealed record ConfidencePrediction(double Confidence, bool Correct);

/// <summary>Expected calibration error as Guo et al. (2017) define it.</summary>
public static class CalibrationError
{
    public const int DefaultBins = 15;

    /// <summary>
    /// Predictions grouped by confidence into <paramref name="bins"/> equal-width bins ((m-1)/M, m/M]; the mean over
    /// bins of |accuracy - mean confidence|, each weighted by its share of the predictions.
    /// </summary>
    public static double Expected(IReadOnlyList<ConfidencePrediction> predictions, int bins = DefaultBins)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        if (predictions.Count == 0)
        {
            throw new ArgumentException("No predictions.", nameof(predictions));
        }
        return predictions
            .GroupBy(p => Bin(p.Confidence, bins))
            .Sum(bin => bin.Count() * Math.Abs(bin.Average(p => p.Correct ? 1.0 : 0.0) - bin.Average(p => p.Confidence)))
            / predictions.Count;
    }

    /// <summary>The bin whose upper edge m/M is the first at or above the confidence (compared, not multiplied: 0.8 lies in (11/15, 12/15]).</summary>
    private static int Bin(double confidence, int bins)
    {
        for (var m = 1; m < bins; m++)
        {
            if (confidence <= (double)m / bins)
            {
                return m;
            }
        }
        return bins;
    }
}
