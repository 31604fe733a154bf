using System.Globalization;
using System.Text;
using System.Text.Json;
using ExerciseFunctions.Modelling.Evaluation;

namespace ExerciseFunctions.Modelling.Training;

/// <summary>Wall-clock time of the two phases, and how many videos the feature cache already held.</summary>
public sealed record TrainingTimings(double FeatureSeconds, int Videos, int VideosFromCache, double HeadTrainingSeconds);

/// <summary>What a training run did and how well the trained head does on each split.</summary>
public sealed record TrainingReport(
    IReadOnlyList<string> Labels,
    string BackboneVersion,
    HeadTrainingOptions Options,
    int BestEpoch,
    double RgbWeight,
    IReadOnlyDictionary<string, EvaluationSummary> Splits,
    IReadOnlyList<EpochMetrics> History,
    TrainingTimings Timings)
{
    public const string TrainSplit = "train";
    public const string ValidationSplit = "validation";
    public const string TestSplit = "test";

    /// <summary>Set when the written head was refit on every video for at most this many epochs; the splits still score the split head.</summary>
    public int? RefitEpochs { get; init; }

    /// <summary>The temperature fitted on the validation split's fused logits (1: none fitted) and written as calibration.json.</summary>
    public double Temperature { get; init; } = 1;

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine("# Head training report").AppendLine();
        text.AppendLine($"Backbone `{BackboneVersion}` (frozen); new per-stream 1x1x1 logits layers trained on the softmax cross-entropy of the summed logits, " +
            $"L2 {Options.L2} x sum(W^2)/2 on both weights, Adam lr {Options.LearningRate}, batch 1, up to {Options.Epochs} epochs " +
            $"(patience {Options.Patience}), seed {Options.Seed}, features {(Options.Standardize ? "standardised on the training split (folded into the head)" : "raw")}. " +
            $"RGB feature weight chosen on validation from {string.Join(", ", Options.RgbWeights)}: {RgbWeight}. Best epoch: {BestEpoch}.").AppendLine();
        if (RefitEpochs is { } refitEpochs)
        {
            text.AppendLine($"The written head was then refit on all {Timings.Videos} videos with that weight for up to {refitEpochs} epochs (the best on those videos kept); " +
                "the accuracies below are of the head trained on the training split only (the refit head has seen every video).").AppendLine();
        }
        text.AppendLine($"Confidence: temperature {Temperature:G4}, fitted on the validation split's fused logits (minimum negative log-likelihood).").AppendLine();
        text.AppendLine($"Features: {Timings.FeatureSeconds:F1} s for {Timings.Videos} videos ({Timings.VideosFromCache} from the cache); head training: {Timings.HeadTrainingSeconds:F2} s.").AppendLine();
        text.AppendLine("| split | videos | RGB | flow | fused |").AppendLine("|---|---:|---:|---:|---:|");
        foreach (var (split, summary) in Splits)
        {
            text.AppendLine($"| {split} | {summary.Count} | {Percent(summary.RgbAccuracy)} | {Percent(summary.FlowAccuracy)} | {Percent(summary.Accuracy)} |");
        }
        var (name, shown) = Splits.Last(s => s.Value.Count > 0);
        text.AppendLine().AppendLine($"## Fused confusion matrix ({name}; rows: true class, columns: predicted)").AppendLine();
        AppendConfusion(text, shown);
        text.AppendLine().AppendLine($"## Precision and recall ({name}, fused)").AppendLine();
        text.AppendLine("| class | precision | recall | videos |").AppendLine("|---|---:|---:|---:|");
        foreach (var (label, metrics) in shown.PerClass)
        {
            text.AppendLine($"| {label} | {Percent(metrics.Precision)} | {Percent(metrics.Recall)} | {metrics.Support} |");
        }
        text.AppendLine().AppendLine("## Curves").AppendLine().AppendLine("![loss and accuracy per epoch](curves.png)");
        return text.ToString();
    }

    public static string Percent(double? value) => value is { } v && double.IsFinite(v) ? (v * 100).ToString("F1", CultureInfo.InvariantCulture) + "%" : "–";

    private static void AppendConfusion(StringBuilder text, EvaluationSummary summary)
    {
        var columns = Enumerable.Range(0, summary.Labels.Count).ToArray();
        text.AppendLine($"| true \\ predicted | {string.Join(" | ", columns)} |");
        text.AppendLine($"|---|{string.Concat(columns.Select(_ => "---:|"))}");
        foreach (var (label, row) in summary.Labels.Zip(summary.Confusion).Select((p, k) => ($"{k} {p.First}", p.Second)))
        {
            text.AppendLine($"| {label} | {string.Join(" | ", row)} |");
        }
    }
}
