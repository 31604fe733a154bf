using ExerciseFunctions.Runtime.Video;

namespace ExerciseFunctions.Runtime.Classification;

/// <summary>What <c>exercise classify</c> reports for one video: the verdict, the model, the video, the stage timings and the timeline.</summary>
public sealed record ClassificationResult(
    string Label,
    double Confidence,
    IReadOnlyDictionary<string, double> Probabilities,
    float[] RgbLogits,
    float[] FlowLogits,
    bool Recognized,
    string ModelVersion,
    int Frames,
    double Fps,
    double DurationSeconds,
    string Decoder,
    IReadOnlyDictionary<string, double> TimingsMs,
    IReadOnlyList<WindowVerdict> Windows);

/// <summary>The whole method in one process: <see cref="VideoScorer"/>, then <see cref="ClassificationMethod.Decide"/>.</summary>
public sealed class VideoClassifier(TwoStreamModel model, MethodOptions options)
{
    private readonly VideoScorer scorer = new(model, options);

    /// <exception cref="InvalidVideoException">The video cannot be classified (unreadable, too short or too long).</exception>
    public ClassificationResult Classify(string videoPath)
    {
        var scores = scorer.Score(videoPath);
        var verdict = ClassificationMethod.Decide(model.Labels, model.Rejector, model.Calibration, scores.Windows, scores.Fps);
        return new ClassificationResult(
            verdict.Label,
            verdict.Confidence,
            verdict.Probabilities,
            verdict.RgbLogits,
            verdict.FlowLogits,
            verdict.Recognized,
            model.Version,
            scores.Statistics.SampledFrames,
            scores.Fps,
            scores.Statistics.DurationSeconds,
            scores.Decoder,
            scores.TimingsMs,
            verdict.Windows);
    }
}
