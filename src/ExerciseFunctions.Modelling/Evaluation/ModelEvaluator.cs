using ExerciseFunctions.Modelling.Rejection;
using ExerciseFunctions.Runtime.Classification;
using ExerciseFunctions.Runtime.Inference;
using ExerciseFunctions.Runtime.Models;
using ExerciseFunctions.Modelling.Training;

namespace ExerciseFunctions.Modelling.Evaluation;

/// <summary>Videos scored so far, of the total, and the last one's file name (empty before the first).</summary>
public sealed record ScoringProgress(int Done, int Total, string LastVideo);

/// <summary>Runs a model on a directory of labelled videos and measures it.</summary>
public static class ModelEvaluator
{
    /// <summary>
    /// Scores every video end to end, or, with <paramref name="cacheDirectory"/>, applies the model's own logits
    /// layers to its backbone's pooled features from that cache (extracting only what is missing), so heads trained
    /// on the same backbone are compared without decoding a video twice. With a rejection in the model or
    /// <paramref name="nonExerciseDirectory"/> (videos that show none of the classes), it also measures the rejection.
    /// </summary>
    public static EvaluationSummary Evaluate(
        ModelDirectory model, string dataDirectory, MethodOptions options, IProgress<ScoringProgress>? progress = null, string? cacheDirectory = null,
        string? nonExerciseDirectory = null)
    {
        var labels = model.ReadLabels();
        var clips = Clips(model, dataDirectory, nonExerciseDirectory, options, progress, cacheDirectory);
        var exercise = Exercise(clips);
        var summary = EvaluationSummary.Of(exercise, labels);
        if (exercise.Count > 0)
        {
            summary = summary with { Calibration = CalibrationSummary.Of(exercise.Select(v => v.Fused).ToList(), ConfidenceCalibration.Load(model)) };
        }
        var rejector = NoveltyRejector.Load(model);
        return rejector is null && nonExerciseDirectory is null ? summary : summary with { Rejection = RejectionSummary.Of(rejector, clips) };
    }

    /// <summary>The exercise clips among <paramref name="clips"/> (those with a class), with their logits.</summary>
    public static IReadOnlyList<ScoredVideo> Exercise(IReadOnlyList<RejectionExample> clips) =>
        clips.Where(c => c.Class is not null).Select(c => new ScoredVideo(c.Class!.Value, c.RgbLogits, c.FlowLogits)).ToArray();

    /// <summary>
    /// Features and logits of the labelled videos in <paramref name="dataDirectory"/>, then of every video in
    /// <paramref name="nonExerciseDirectory"/> (class null): end to end, or from the feature cache through the model's head.
    /// </summary>
    public static IReadOnlyList<RejectionExample> Clips(ModelDirectory model, string dataDirectory, string? nonExerciseDirectory, MethodOptions options,
        IProgress<ScoringProgress>? progress = null, string? cacheDirectory = null)
    {
        var labels = model.ReadLabels();
        var videos = LabelledVideos.Scan(dataDirectory, labels);
        var others = nonExerciseDirectory is null ? [] : LabelledVideos.Files(nonExerciseDirectory);
        var paths = videos.Select(v => v.Path).Concat(others).ToArray();
        var scored = cacheDirectory is null
            ? ScoreEndToEnd(model, paths, options, progress)
            : ScoreFromCache(model, labels.Count, paths, options, cacheDirectory, progress);
        return scored.Select((c, i) => c with { Class = i < videos.Count ? videos[i].ClassIndex : null }).ToArray();
    }

    private static IEnumerable<RejectionExample> ScoreFromCache(
        ModelDirectory model, int classes, IReadOnlyList<string> paths, MethodOptions options, string cacheDirectory, IProgress<ScoringProgress>? progress)
    {
        var backbone = Backbone.Load(model);
        var head = backbone.Head(classes);
        var features = new FeatureCache(cacheDirectory, backbone, options).GetOrExtract(paths, progress);
        return features.Videos.Select(f =>
        {
            var scored = head.Score(new FeatureExample(f.Rgb, f.Flow, 0));
            return new RejectionExample(f.Rgb, f.Flow, scored.RgbLogits, scored.FlowLogits, null);
        }).ToArray();
    }

    private static IEnumerable<RejectionExample> ScoreEndToEnd(ModelDirectory model, IReadOnlyList<string> paths, MethodOptions options, IProgress<ScoringProgress>? progress)
    {
        using var loaded = TwoStreamModel.Load(model, new InferenceOptions());
        var scorer = new VideoScorer(loaded, options);
        var scored = new List<RejectionExample>();
        progress?.Report(new ScoringProgress(0, paths.Count, ""));
        foreach (var path in paths)
        {
            var scores = scorer.Score(path);
            scored.Add(new RejectionExample(scores.Rgb.Features, scores.Flow.Features, scores.Rgb.Logits, scores.Flow.Logits, null));
            progress?.Report(new ScoringProgress(scored.Count, paths.Count, Path.GetFileName(path)));
        }
        return scored;
    }
}
