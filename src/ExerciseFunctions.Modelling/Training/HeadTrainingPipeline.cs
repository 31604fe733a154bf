using ExerciseFunctions.Runtime.Classification;
using System.Diagnostics;
using ExerciseFunctions.Modelling.Checkpoints;
using ExerciseFunctions.Modelling.Confidence;
using ExerciseFunctions.Modelling.Evaluation;
using ExerciseFunctions.Runtime.I3d;
using ExerciseFunctions.Runtime.Models;

namespace ExerciseFunctions.Modelling.Training;

/// <summary>What to train on, which frozen backbone to use, and where to write the model.</summary>
public sealed record TrainingRequest(string DataDirectory, string OutputDirectory, ModelDirectory BackboneModel)
{
    public IReadOnlyList<string> Labels { get; init; } = ExerciseClasses.Default;
    public HeadTrainingOptions Head { get; init; } = new();
    public MethodOptions Scoring { get; init; } = MethodOptions.Default;

    /// <summary>Where cached features live; default <c>.feature-cache</c> in the data directory.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>
    /// Write a head refit on every video (the epochs and RGB weight chosen on validation) instead of the one trained
    /// on the training split: more data for the model that ships; the report's splits still score the split head.
    /// </summary>
    public bool RefitOnAllVideos { get; init; }
}

public sealed record TrainingOutcome(ModelDirectory Model, TrainingReport Report, string HeadPath, string ReportPath);

/// <summary>
/// Transfer learning end to end: label the videos, cache both streams' pooled features from the frozen backbone,
/// split (stratified, seeded), train the new logits layers, and write the model (backbone + trained head),
/// the compact head file, the report and the curves.
/// </summary>
public static class HeadTrainingPipeline
{
    public const string HeadFileName = "default-head.bin";
    public const string ReportFileName = "report.md";
    public const string ReportJsonFileName = "report.json";
    public const string CurvesFileName = "curves.png";

    public static TrainingOutcome Run(TrainingRequest request, IProgress<ScoringProgress>? extraction = null, IProgress<EpochMetrics>? training = null)
    {
        var videos = LabelledVideos.Scan(request.DataDirectory, request.Labels);
        var backbone = Backbone.Load(request.BackboneModel);

        var clock = Stopwatch.StartNew();
        var cache = new FeatureCache(request.CacheDirectory ?? Path.Combine(request.DataDirectory, ".feature-cache"), backbone, request.Scoring);
        var features = cache.GetOrExtract(videos.Select(v => v.Path).ToArray(), extraction);
        var featureSeconds = clock.Elapsed.TotalSeconds;
        var examples = videos.Zip(features.Videos, (video, f) => new FeatureExample(f.Rgb, f.Flow, video.ClassIndex)).ToArray();

        clock.Restart();
        var split = DatasetSplit.Stratified(examples.Select(e => e.Label).ToArray(), request.Head.Seed);
        FeatureExample[] Subset(IReadOnlyList<int> indices) => indices.Select(i => examples[i]).ToArray();
        var result = HeadTrainer.Train(Subset(split.Train), Subset(split.Validation), request.Labels.Count, request.Head, training);
        int? refitEpochs = request.RefitOnAllVideos ? Math.Max(1, result.BestEpoch) : null;
        var written = refitEpochs is { } epochs ? Refit(examples, request, result.RgbWeight, epochs) : result.Head;
        // The temperature is fitted on the split head's validation logits, the held-out examples there are (a refit head has seen them).
        var validation = Subset(split.Validation).Select(result.Head.Score).Select(v => v.Fused).ToList();
        var calibration = validation.Count == 0 ? ConfidenceCalibration.None : TemperatureFitter.Fit(validation);
        var trainingSeconds = clock.Elapsed.TotalSeconds;

        EvaluationSummary Evaluate(IReadOnlyList<int> indices) =>
            EvaluationSummary.Of(Subset(indices).Select(result.Head.Score).ToArray(), request.Labels);
        var report = new TrainingReport(
            request.Labels,
            backbone.Version,
            request.Head,
            result.BestEpoch,
            result.RgbWeight,
            new Dictionary<string, EvaluationSummary>
            {
                [TrainingReport.TrainSplit] = Evaluate(split.Train),
                [TrainingReport.ValidationSplit] = Evaluate(split.Validation),
                [TrainingReport.TestSplit] = Evaluate(split.Test),
            },
            result.History,
            new TrainingTimings(featureSeconds, videos.Count, features.FromCache, trainingSeconds))
        {
            RefitEpochs = refitEpochs,
            Temperature = calibration.Temperature,
        };
        // Head, report and curves go in with the model files: the directory is replaced whole or not at all.
        var model = ModelWriter.Write(request.OutputDirectory, request.Labels, stream => new HeadOverlay(backbone.Weights(stream), written.For(stream)), staging =>
        {
            using (var file = File.Create(Path.Combine(staging, HeadFileName)))
            {
                written.Write(file);
            }
            File.WriteAllText(Path.Combine(staging, ReportFileName), report.ToMarkdown());
            File.WriteAllText(Path.Combine(staging, ReportJsonFileName), report.ToJson());
            TrainingCurves.Write(Path.Combine(staging, CurvesFileName), result.History, result.BestEpoch);
            if (validation.Count > 0)
            {
                calibration.WriteTo(staging);
            }
            // The features were read as the backbone declares: the trained model must be fed the same way.
            CheckpointImporter.WritePreprocessing(ModelPreprocessing.Load(request.BackboneModel), staging);
        }, backbone.Network);
        var headPath = Path.Combine(model.Path, HeadFileName);
        var reportPath = Path.Combine(model.Path, ReportFileName);
        return new TrainingOutcome(model, report, headPath, reportPath);
    }

    /// <summary>Retrains on every example with the split run's choices; without a validation set, the best training epoch is kept.</summary>
    private static TwoStreamHead Refit(FeatureExample[] examples, TrainingRequest request, double rgbWeight, int epochs) =>
        HeadTrainer.Train(examples, [], request.Labels.Count, request.Head with { RgbWeights = [rgbWeight], Epochs = epochs }).Head;
}
