using ExerciseFunctions.Modelling.Confidence;
using ExerciseFunctions.Modelling.Rejection;
using ExerciseFunctions.Runtime.Classification;

namespace ExerciseFunctions.Modelling.Evaluation;

/// <summary>Which logits a prediction uses: one stream's alone, or their sum (the two-stream method).</summary>
public enum StreamChoice { Rgb, Flow, Fused }

/// <summary>A video's true class and both streams' logits.</summary>
public sealed record ScoredVideo(int Truth, float[] RgbLogits, float[] FlowLogits)
{
    /// <summary>The two streams' logits summed, with the true class: what temperature scaling is fitted and measured on.</summary>
    public LabelledLogits Fused => new(LogitFusion.Sum(RgbLogits, FlowLogits), Truth);

    public int Predicted(StreamChoice choice)
    {
        var logits = choice switch
        {
            StreamChoice.Rgb => RgbLogits,
            StreamChoice.Flow => FlowLogits,
            _ => LogitFusion.Sum(RgbLogits, FlowLogits),
        };
        return LogitFusion.TopK(LogitFusion.Softmax(logits), 1)[0];
    }
}

/// <summary>
/// The evaluation of a set of videos: fused accuracy, precision and recall per class and confusion matrix
/// (rows: true class, columns: predicted, in label order), and each stream's accuracy alone.
/// </summary>
public sealed record EvaluationSummary(
    int Count,
    double? Accuracy,
    double? RgbAccuracy,
    double? FlowAccuracy,
    IReadOnlyDictionary<string, ClassMetrics> PerClass,
    IReadOnlyList<string> Labels,
    int[][] Confusion)
{
    /// <summary>How the model's rejection ("not an exercise") did; null when neither a rejection nor non-exercise clips were given.</summary>
    public RejectionSummary? Rejection { get; init; }

    /// <summary>Calibration of the fused confidence before and after the model's temperature; null when not measured.</summary>
    public CalibrationSummary? Calibration { get; init; }

    public static EvaluationSummary Of(IReadOnlyList<ScoredVideo> videos, IReadOnlyList<string> labels)
    {
        var truth = videos.Select(v => v.Truth).ToArray();
        ClassificationMetrics For(StreamChoice choice) =>
            ClassificationMetrics.From(truth, videos.Select(v => v.Predicted(choice)).ToArray(), labels.Count);
        var fused = For(StreamChoice.Fused);
        return new EvaluationSummary(
            videos.Count,
            fused.Accuracy,
            For(StreamChoice.Rgb).Accuracy,
            For(StreamChoice.Flow).Accuracy,
            labels.Zip(fused.PerClass).ToDictionary(p => p.First, p => p.Second),
            labels,
            fused.Confusion);
    }
}
