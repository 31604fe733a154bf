using ExerciseFunctions.Core.Models;
using ExerciseFunctions.Core.Training;

namespace ExerciseFunctions.Core.Evaluation;

/// <summary>Videos scored so far, of the total, and the last one's file name (empty before the first).</summary>
public sealed record ScoringProgress(int Done, int Total, string LastVideo);

/// <summary>Runs a model end to end on a directory of labelled videos and measures it.</summary>
public static class ModelEvaluator
{
    public static EvaluationSummary Evaluate(ModelDirectory model, string dataDirectory, ScoringOptions options, IProgress<ScoringProgress>? progress = null)
    {
        var labels = model.ReadLabels();
        var videos = LabelledVideos.Scan(dataDirectory, labels);
        using var scorer = new VideoScorer(model, options);
        var scored = new List<ScoredVideo>();
        progress?.Report(new ScoringProgress(0, videos.Count, ""));
        foreach (var (scores, video) in scorer.ScoreAll(videos.Select(v => v.Path).ToArray()).Zip(videos))
        {
            scored.Add(new ScoredVideo(video.ClassIndex, scores.Rgb.Logits, scores.Flow.Logits));
            progress?.Report(new ScoringProgress(scored.Count, videos.Count, Path.GetFileName(video.Path)));
        }
        return EvaluationSummary.Of(scored, labels);
    }
}
