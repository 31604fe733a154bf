using System.Diagnostics;
using ExerciseFunctions.Core.Flow;
using ExerciseFunctions.Core.Inference;
using ExerciseFunctions.Core.Models;
using ExerciseFunctions.Core.Video;

namespace ExerciseFunctions.Core.Classification;

/// <summary>
/// The whole method in one process: decode and sample, flow, both I3D streams per window, fusion.
/// The sessions are created once and reused for every video.
/// </summary>
public sealed class VideoClassifier : IDisposable
{
    readonly VideoReadOptions _video;
    readonly InferenceOptions _inference;
    readonly OpticalFlowComputer _flow;
    readonly I3dSession _rgb;
    readonly I3dSession _flowSession;
    readonly IReadOnlyList<string> _labels;

    public VideoClassifier(ModelDirectory models, VideoReadOptions video, InferenceOptions inference, FlowAlgorithm flow)
    {
        _video = video;
        _inference = inference;
        _flow = new OpticalFlowComputer(flow);
        _labels = models.ReadLabels();
        _rgb = I3dSession.Open(models.RgbModelPath, inference);
        _flowSession = I3dSession.Open(models.FlowModelPath, inference);
    }

    public ClassificationResult Classify(string videoPath)
    {
        var timings = new Dictionary<string, double>();
        var clock = Stopwatch.StartNew();
        var (frames, statistics) = ReadFrames(videoPath);
        timings["decode"] = Lap(clock);

        var windows = ClipWindows.Plan(frames.Count, _inference.WindowFrames, _inference.WindowStride);
        var flowInputs = windows.Select(w => WindowInputs.Flow(frames, w, _flow)).ToList();
        timings["flow"] = Lap(clock);

        var rgbLogits = LogitFusion.Average(windows.Select(w => _rgb.Run(WindowInputs.Rgb(frames, w), w.FrameIndices.Count).Logits).ToList());
        timings["rgbInference"] = Lap(clock);

        var flowLogits = LogitFusion.Average(windows.Select((w, i) => _flowSession.Run(flowInputs[i], w.FrameIndices.Count).Logits).ToList());
        timings["flowInference"] = Lap(clock);

        return Decide(rgbLogits, flowLogits, statistics, timings);
    }

    (IReadOnlyList<byte[]> Frames, ClipStatistics Statistics) ReadFrames(string videoPath)
    {
        using var reader = VideoClipReader.Open(videoPath, _video);
        var frames = reader.ReadFrames().ToList();
        return (frames, reader.Statistics);
    }

    ClassificationResult Decide(float[] rgbLogits, float[] flowLogits, ClipStatistics statistics, Dictionary<string, double> timings)
    {
        var fused = LogitFusion.Fuse(rgbLogits, flowLogits, _inference.RgbWeight, _inference.FlowWeight);
        var probabilities = LogitFusion.Softmax(fused);
        var best = Array.IndexOf(probabilities, probabilities.Max());
        timings["total"] = timings.Values.Sum();
        return new ClassificationResult(
            _labels[best],
            probabilities[best],
            _labels.Zip(probabilities).ToDictionary(p => p.First, p => p.Second),
            rgbLogits,
            flowLogits,
            statistics.SampledFrames,
            _video.TargetFps,
            statistics.DurationSeconds,
            timings);
    }

    static double Lap(Stopwatch clock)
    {
        var elapsed = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        return Math.Round(elapsed, 1);
    }

    public void Dispose()
    {
        _rgb.Dispose();
        _flowSession.Dispose();
    }
}
