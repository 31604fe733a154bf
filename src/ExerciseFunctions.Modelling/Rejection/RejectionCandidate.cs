using ExerciseFunctions.Runtime.Models;

namespace ExerciseFunctions.Modelling.Rejection;

/// <summary>Which features a feature-based rejector looks at.</summary>
public enum FeatureStreams { Both, Rgb, Flow }

/// <summary>
/// One way to score "is this an exercise at all", fitted from examples; the threshold is set afterwards from
/// out-of-fold scores. <see cref="L2"/> is the logistic score's weight decay; <see cref="Clip"/> limits each
/// standardised feature to ±Clip before it is scored.
/// </summary>
public sealed record RejectionCandidate(RejectionMethod Method, FeatureStreams Streams = FeatureStreams.Both, double L2 = 0, double? Clip = null)
{
    // Test patterns and noise lie tens of σ out; unclipped, those few features decide the fit. On the shipped
    // default's features (README, "Not an exercise") the clipped flow score refuses 87% of fresh non-exercise clips
    // at 2.9% of fresh exercise clips; out of fold 86% where the unclipped one refuses 35%.
    private const double LogisticClip = 3;

    public static readonly IReadOnlyList<RejectionCandidate> All =
    [
        new(RejectionMethod.MaxSoftmax),
        new(RejectionMethod.Energy),
        new(RejectionMethod.ClassDistance, FeatureStreams.Both),
        new(RejectionMethod.ClassDistance, FeatureStreams.Flow),
        new(RejectionMethod.ClassDistance, FeatureStreams.Rgb),
        new(RejectionMethod.Logistic, FeatureStreams.Both, L2: 0.01),
        new(RejectionMethod.Logistic, FeatureStreams.Both, L2: 1),
        new(RejectionMethod.Logistic, FeatureStreams.Flow, L2: 0.01),
        new(RejectionMethod.Logistic, FeatureStreams.Both, L2: 0.01, Clip: LogisticClip),
        new(RejectionMethod.Logistic, FeatureStreams.Flow, L2: 0.01, Clip: LogisticClip),
        new(RejectionMethod.GaussianRatio, FeatureStreams.Flow),
    ];

    /// <summary>Each Gaussian's σ is at least this share of the exercise clips' σ: a feature that barely varies in one set cannot dominate.</summary>
    private const double VarianceFloor = 0.1;

    public string Name => Method switch
    {
        RejectionMethod.MaxSoftmax or RejectionMethod.Energy => Method.ToString(),
        RejectionMethod.ClassDistance or RejectionMethod.GaussianRatio => $"{Method}({Streams})",
        _ => Clip is { } clip ? $"{Method}({Streams}, l2 {L2}, clip {clip})" : $"{Method}({Streams}, l2 {L2})",
    };

    /// <summary>The parameters fitted on <paramref name="examples"/> (exercise and non-exercise), threshold 0.</summary>
    public RejectionParameters Fit(IReadOnlyList<RejectionExample> examples)
    {
        if (Method is RejectionMethod.MaxSoftmax or RejectionMethod.Energy)
        {
            return new RejectionParameters(Method, 0);
        }
        var exercise = examples.Where(e => e.Class is not null).ToArray();
        var (mean, scale) = Standardiser(exercise);
        if (Method == RejectionMethod.GaussianRatio)
        {
            var (otherMean, otherScale) = Standardiser(examples.Where(e => e.Class is null).ToArray());
            return new RejectionParameters(Method, 0, mean, Floored(scale, scale), OtherMean: otherMean, OtherScale: Floored(otherScale, scale));
        }
        var standardiser = new RejectionParameters(Method, 0, mean, scale, Clip: Clip);
        var z = examples.Select(e => standardiser.Standardise(e.Rgb, e.Flow).Select(x => (float)x).ToArray()).ToArray();
        if (Method == RejectionMethod.ClassDistance)
        {
            var means = exercise.Select(e => e.Class!.Value).Distinct().Order()
                .Select(k => Average(z.Where((_, i) => examples[i].Class == k).ToArray()))
                .ToArray();
            return new RejectionParameters(Method, 0, mean, scale, ClassMeans: means);
        }
        var (weights, bias) = LogisticRegression.Fit(z, examples.Select(e => e.Class is not null).ToArray(), L2);
        return new RejectionParameters(Method, 0, mean, scale, Weights: weights, Bias: bias, Clip: Clip);
    }

    /// <summary>Per-dimension mean and 1/std of the exercise clips' features; the streams left out get scale 0.</summary>
    private (float[] Mean, float[] Scale) Standardiser(IReadOnlyList<RejectionExample> exercise)
    {
        var rows = exercise.Select(e => e.Rgb.Concat(e.Flow).ToArray()).ToArray();
        var rgbLength = exercise[0].Rgb.Length;
        var mean = new float[rows[0].Length];
        var scale = new float[rows[0].Length];
        for (var j = 0; j < mean.Length; j++)
        {
            var m = rows.Average(r => (double)r[j]);
            var std = Math.Sqrt(rows.Average(r => (r[j] - m) * (r[j] - m)));
            var used = Streams == FeatureStreams.Both || (Streams == FeatureStreams.Rgb) == (j < rgbLength);
            mean[j] = (float)m;
            scale[j] = used && std > 1e-12 ? (float)(1 / std) : 0;
        }
        return (mean, scale);
    }

    /// <summary>1/σ limited to 1/(floor · σ of the exercise clips); unused features stay 0.</summary>
    private static float[] Floored(float[] scale, float[] exerciseScale) =>
        scale.Select((s, j) => exerciseScale[j] == 0 ? 0 : Math.Min(s == 0 ? float.MaxValue : s, (float)(exerciseScale[j] / VarianceFloor))).ToArray();

    private static float[] Average(IReadOnlyList<float[]> rows) =>
        Enumerable.Range(0, rows[0].Length).Select(j => (float)rows.Average(r => (double)r[j])).ToArray();
}
