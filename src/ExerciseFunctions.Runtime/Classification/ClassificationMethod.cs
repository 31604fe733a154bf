using ExerciseFunctions.Runtime.Flow;
using ExerciseFunctions.Runtime.Inference;
using ExerciseFunctions.Runtime.Models;
using ExerciseFunctions.Runtime.Video;

namespace ExerciseFunctions.Runtime.Classification;

/// <summary>
/// What the two-stream network says about one video: the fused decision, each stream's averaged logits, whether
/// the clip shows an exercise at all (when not, <see cref="Label"/> is still the most probable exercise), and the
/// same judgement of each window on its own (<see cref="Windows"/>, in time order).
/// </summary>
public sealed record Verdict(
    string Label,
    double Confidence,
    IReadOnlyDictionary<string, double> Probabilities,
    float[] RgbLogits,
    float[] FlowLogits,
    bool Recognized,
    IReadOnlyList<WindowVerdict> Windows);

/// <summary>
/// One window of the timeline: the seconds of video it covers (<see cref="Start"/> inclusive, <see cref="End"/>
/// exclusive, from its sampled frames and the sampling rate) and what the network says about it alone.
/// </summary>
public sealed record WindowVerdict(
    double Start,
    double End,
    string Label,
    double Confidence,
    IReadOnlyDictionary<string, double> Probabilities,
    bool Recognized);

/// <summary>Both streams' outputs for one window of the plan.</summary>
public sealed record WindowScores(ClipWindow Window, StreamOutput Rgb, StreamOutput Flow);

/// <summary>One stream's logits and pooled 1024-d features, averaged over a video's windows.</summary>
public sealed record StreamScores(float[] Logits, float[] Features)
{
    /// <summary>One video's scores: its windows' logits and features, averaged.</summary>
    public static StreamScores Average(IReadOnlyList<StreamOutput> windows) =>
        new(LogitFusion.Average(windows.Select(w => w.Logits).ToList()), LogitFusion.Average(windows.Select(w => w.Features).ToList()));
}

/// <summary>
/// The pure steps of the method shared by every path that classifies besides the window plan
/// (<see cref="ClipWindows"/>) and the clip of each stream (<see cref="TwoStreamModel"/>): flow of one chunk and the
/// decision. <see cref="VideoScorer"/> runs them in one process; the durable pipeline runs them in activities and
/// its orchestrator.
/// </summary>
public static class ClassificationMethod
{
    /// <summary>
    /// Flow of one chunk of frames, rounded to the 8-bit grid (<see cref="FlowQuantisation"/>); entry 0 pairs with
    /// <paramref name="previousFrame"/>, the last frame of the chunk before (null: the chunk starts the video, zero flow).
    /// </summary>
    public static IReadOnlyList<float[]> FlowOfChunk(OpticalFlowComputer flow, IReadOnlyList<byte[]> frames, byte[]? previousFrame)
    {
        var fields = flow.Compute(frames, previousFrame);
        foreach (var field in fields)
        {
            FlowQuantisation.Round(field);
        }
        return fields;
    }

    /// <summary>
    /// The paper's fusion: the two streams' window-averaged logits summed (any stream weighting is folded into the
    /// trained head), divided by the model's temperature (<paramref name="calibration"/>), a softmax, and the most
    /// probable class (ties: the first label); the model's rejector, when it has one, judges from the window-averaged
    /// features and the uncalibrated logits it was fitted on whether the clip is an exercise at all. Each window is
    /// judged the same way from its own outputs, placed in time by its frames sampled at <paramref name="fps"/>.
    /// </summary>
    public static Verdict Decide(
        IReadOnlyList<string> labels, NoveltyRejector? rejector, ConfidenceCalibration calibration, IReadOnlyList<WindowScores> windows, double fps)
    {
        if (windows.Count == 0)
        {
            throw new ArgumentException("No windows to decide from.", nameof(windows));
        }
        var rgb = StreamScores.Average(windows.Select(w => w.Rgb).ToList());
        var flow = StreamScores.Average(windows.Select(w => w.Flow).ToList());
        var clip = Judge(labels, rejector, calibration, rgb.Logits, flow.Logits, rgb.Features, flow.Features);
        return new Verdict(
            clip.Label, clip.Confidence, clip.Probabilities, rgb.Logits, flow.Logits, clip.Recognized,
            windows.Select(w => TimelineEntry(labels, rejector, calibration, w, fps)).ToList());
    }

    private static WindowVerdict TimelineEntry(
        IReadOnlyList<string> labels, NoveltyRejector? rejector, ConfidenceCalibration calibration, WindowScores window, double fps)
    {
        var judged = Judge(labels, rejector, calibration, window.Rgb.Logits, window.Flow.Logits, window.Rgb.Features, window.Flow.Features);
        // A short video's single window loops its frames: it covers the video once, from its first to its last frame.
        var frames = window.Window.FrameIndices;
        return new WindowVerdict(frames.Min() / fps, (frames.Max() + 1) / fps, judged.Label, judged.Confidence, judged.Probabilities, judged.Recognized);
    }

    private static Judgement Judge(
        IReadOnlyList<string> labels, NoveltyRejector? rejector, ConfidenceCalibration calibration, float[] rgbLogits, float[] flowLogits, float[] rgbFeatures, float[] flowFeatures)
    {
        if (rgbLogits.Length != labels.Count)
        {
            throw new ArgumentException($"The model has {labels.Count} labels but {rgbLogits.Length} logits.", nameof(rgbLogits));
        }
        var probabilities = LogitFusion.Softmax(LogitFusion.Sum(rgbLogits, flowLogits), calibration.Temperature);
        var best = LogitFusion.TopK(probabilities, 1)[0];
        return new Judgement(
            labels[best],
            probabilities[best],
            labels.Zip(probabilities).ToDictionary(p => p.First, p => p.Second),
            rejector?.Recognizes(rgbFeatures, flowFeatures, rgbLogits, flowLogits) ?? true);
    }

    private sealed record Judgement(string Label, double Confidence, IReadOnlyDictionary<string, double> Probabilities, bool Recognized);
}

/// <summary>
/// How a video becomes network inputs and one decision: the same for <c>classify</c>, training's features and the
/// durable pipeline. <see cref="FlowChunkFrames"/> only shapes the work (results do not depend on it).
/// </summary>
public sealed record MethodOptions
{
    public static MethodOptions Default { get; } = new();

    public VideoReadOptions Video { get; init; } = new();

    /// <summary>Frames per window scored by the network; longer videos are scored in windows whose logits are averaged.</summary>
    public int WindowFrames { get; init; } = 64;

    /// <summary>Step between window starts.</summary>
    public int WindowStride { get; init; } = 64;

    /// <summary>Frames per flow chunk: one flow activity per chunk in the pipeline, one flow task per chunk in-process.</summary>
    public int FlowChunkFrames { get; init; } = 32;

    public FlowAlgorithm Flow { get; init; } = FlowAlgorithm.Farneback;

    /// <summary>Everything that changes the network's inputs: part of the feature cache key.</summary>
    public string Key =>
        $"fps={Video.TargetFps};window={WindowFrames};stride={WindowStride};flow={Flow};flowLevels={FlowQuantisation.Scale}{ReferencePreprocessingKey}";

    /// <summary>These options as a model that declares <paramref name="preprocessing"/> reads videos.</summary>
    public MethodOptions For(ModelPreprocessing preprocessing) => this with { Video = preprocessing.Apply(Video) };

    /// <summary>Only what differs from the defaults, so keys (and feature caches) made before these settings stay valid.</summary>
    private string ReferencePreprocessingKey =>
        (Video.Sampling == FrameSampling.Source ? ";frames=source" : "") + (Video.ChannelOrder == ChannelOrder.Bgr ? ";channels=bgr" : "");
}

/// <summary>A window of sampled frames, as indices into the video (looped when the video is short).</summary>
public sealed record ClipWindow(IReadOnlyList<int> FrameIndices);

/// <summary>Which frames each window of a video holds: the method's plan, the same in every path.</summary>
public static class ClipWindows
{
    /// <summary>
    /// Windows of exactly <paramref name="windowFrames"/> frames covering the video; short videos loop
    /// (as the reference work padded them). Windows start every <paramref name="stride"/> frames; when the last
    /// one stops short of the end, one more window ends on the last frame, so every frame is scored.
    /// </summary>
    public static IReadOnlyList<ClipWindow> Plan(int frameCount, int windowFrames, int stride)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frameCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(windowFrames, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        if (frameCount <= windowFrames)
        {
            return [new ClipWindow(Enumerable.Range(0, windowFrames).Select(i => i % frameCount).ToArray())];
        }
        var starts = new List<int>();
        for (var start = 0; start + windowFrames <= frameCount; start += stride)
        {
            starts.Add(start);
        }
        if (starts[^1] + windowFrames < frameCount)
        {
            starts.Add(frameCount - windowFrames);
        }
        return starts.Select(start => new ClipWindow(Enumerable.Range(start, windowFrames).ToArray())).ToArray();
    }
}

/// <summary>How windows' and streams' logits become one answer: averaged over windows, summed over streams, a softmax.</summary>
public static class LogitFusion
{
    /// <summary>Element-wise mean of the windows' logits.</summary>
    public static float[] Average(IReadOnlyList<float[]> windowLogits)
    {
        if (windowLogits.Count == 0)
        {
            throw new ArgumentException("No window logits to average.", nameof(windowLogits));
        }
        var classes = RequireSameLength(windowLogits);
        var mean = new float[classes];
        for (var k = 0; k < classes; k++)
        {
            mean[k] = (float)windowLogits.Average(logits => (double)logits[k]);
        }
        return mean;
    }

    /// <summary>The two streams' logits added, as the paper fuses them.</summary>
    public static float[] Sum(float[] rgbLogits, float[] flowLogits)
    {
        RequireSameLength([rgbLogits, flowLogits]);
        return rgbLogits.Select((rgb, k) => rgb + flowLogits[k]).ToArray();
    }

    /// <summary>
    /// Softmax of the logits divided by <paramref name="temperature"/> (1: the plain softmax), in double precision,
    /// shifted by the maximum so large logits do not overflow.
    /// </summary>
    public static double[] Softmax(IReadOnlyList<float> logits, double temperature = 1)
    {
        if (logits.Count == 0)
        {
            throw new ArgumentException("No logits.", nameof(logits));
        }
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(temperature);
        var max = logits.Max(l => (double)l);
        var exps = logits.Select(l => Math.Exp((l - max) / temperature)).ToArray();
        var sum = exps.Sum();
        return exps.Select(e => e / sum).ToArray();
    }

    /// <summary>Indices of the <paramref name="k"/> highest scores, best first (ties: lower index first).</summary>
    public static int[] TopK(IReadOnlyList<double> scores, int k) =>
        Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ThenBy(i => i).Take(k).ToArray();

    private static int RequireSameLength(IReadOnlyList<float[]> logits)
    {
        var classes = logits[0].Length;
        if (logits.Any(l => l.Length != classes))
        {
            throw new ArgumentException($"Logit vectors differ in length: {string.Join(", ", logits.Select(l => l.Length))}.");
        }
        return classes;
    }
}
