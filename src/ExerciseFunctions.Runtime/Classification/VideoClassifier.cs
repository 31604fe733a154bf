using ExerciseFunctions.Runtime.Flow;
using ExerciseFunctions.Runtime.Inference;
using ExerciseFunctions.Runtime.Models;
using ExerciseFunctions.Runtime.Video;

namespace ExerciseFunctions.Runtime.Classification;

/// <summary>
/// The whole method in one process: decode and sample, flow, both I3D streams per window (the same scoring as
/// training and evaluation, <see cref="VideoScorer"/>), fusion. The sessions are created once and reused.
/// </summary>
public sealed class VideoClassifier : IDisposable
{
    readonly ScoringOptions _options;
    readonly VideoScorer _scorer;
    readonly IReadOnlyList<string> _labels;

    public VideoClassifier(ModelDirectory models, VideoReadOptions video, InferenceOptions inference, FlowAlgorithm flow)
    {
        _options = new ScoringOptions(video, inference, flow);
        _labels = models.ReadLabels();
        _scorer = new VideoScorer(models, _options);
    }

    public ClassificationResult Classify(string videoPath)
    {
        var timings = new Dictionary<string, double>();
        var prepared = _scorer.Prepare(videoPath, timings);
        var scores = _scorer.Infer(prepared, timings);
        timings["total"] = timings.Values.Sum();
        return Decide(scores.Rgb.Logits, scores.Flow.Logits, prepared.Statistics, timings);
    }

    ClassificationResult Decide(float[] rgbLogits, float[] flowLogits, ClipStatistics statistics, Dictionary<string, double> timings)
    {
        var inference = _options.Inference;
        var probabilities = LogitFusion.Softmax(LogitFusion.Fuse(rgbLogits, flowLogits, inference.RgbWeight, inference.FlowWeight));
        var best = Array.IndexOf(probabilities, probabilities.Max());
        return new ClassificationResult(
            _labels[best],
            probabilities[best],
            _labels.Zip(probabilities).ToDictionary(p => p.First, p => p.Second),
            rgbLogits,
            flowLogits,
            statistics.SampledFrames,
            _options.Video.TargetFps,
            statistics.DurationSeconds,
            timings);
    }

    public void Dispose() => _scorer.Dispose();
}
