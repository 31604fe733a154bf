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
    /// on the same backbone are compared without decoding a video twice.
    /// </summary>
    public static EvaluationSummary Evaluate(
        ModelDirectory model, string dataDirectory, MethodOptions options, IProgress<ScoringProgress>? progress = null, string? cacheDirectory = null)
    {
        var labels = model.ReadLabels();
        var videos = LabelledVideos.Scan(dataDirectory, labels);
        return EvaluationSummary.Of(cacheDirectory is null
            ? ScoreEndToEnd(model, videos, options, progress)
            : ScoreFromCache(model, labels.Count, videos, options, cacheDirectory, progress), labels);
    }

    private static List<ScoredVideo> ScoreFromCache(
        ModelDirectory model, int classes, IReadOnlyList<LabelledVideo> videos, MethodOptions options, string cacheDirectory, IProgress<ScoringProgress>? progress)
    {
        var backbone = Backbone.Load(model);
        var head = backbone.Head(classes);
        var features = new FeatureCache(cacheDirectory, backbone, options).GetOrExtract(videos.Select(v => v.Path).ToArray(), progress);
        return videos.Zip(features.Videos, (video, f) => head.Score(new FeatureExample(f.Rgb, f.Flow, video.ClassIndex))).ToList();
    }

    private static List<ScoredVideo> ScoreEndToEnd(ModelDirectory model, IReadOnlyList<LabelledVideo> videos, MethodOptions options, IProgress<ScoringProgress>? progress)
    {
        using var loaded = TwoStreamModel.Load(model, new InferenceOptions());
        var scorer = new VideoScorer(loaded, options);
        var scored = new List<ScoredVideo>();
        progress?.Report(new ScoringProgress(0, videos.Count, ""));
        foreach (var video in videos)
        {
            var scores = scorer.Score(video.Path);
            scored.Add(new ScoredVideo(video.ClassIndex, scores.Rgb.Logits, scores.Flow.Logits));
            progress?.Report(new ScoringProgress(scored.Count, videos.Count, Path.GetFileName(video.Path)));
        }
        return scored;
    }
}
