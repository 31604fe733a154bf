using ExerciseFunctions.Runtime.Classification;
using ExerciseFunctions.Runtime.Flow;
using ExerciseFunctions.Runtime.Inference;
using ExerciseFunctions.Runtime.Video;
using Microsoft.Extensions.Options;

namespace ExerciseFunctions.Pipeline.Configuration;

/// <summary>
/// Every setting of the pipeline, bound from the configuration section <see cref="SectionName"/>
/// (environment variables <c>Pipeline__Name</c>; the same names in local.settings.json and the local host).
/// </summary>
public sealed class PipelineOptions
{
    public const string SectionName = "Pipeline";

    /// <summary>Azure Storage connection string (Azurite: <c>UseDevelopmentStorage=true</c>; the local host starts its own Azurite when empty).</summary>
    public string StorageConnection { get; set; } = "";

    /// <summary>Uploads land here; the blob trigger (and the local host's watcher) start one classification per upload.</summary>
    public string VideosContainer { get; set; } = "videos";

    /// <summary>Frame and flow chunks passed between activities; deleted when a classification ends.</summary>
    public string WorkContainer { get; set; } = "work";

    public string ClassificationsTable { get; set; } = "classifications";

    /// <summary>Durable task hub (the local host; the Functions app takes it from host.json).</summary>
    public string TaskHub { get; set; } = "ExerciseFunctions";

    /// <summary>rgb.onnx, flow.onnx, labels.txt; empty: the shipped default model, built on first use.</summary>
    public string? ModelDirectory { get; set; }

    public double TargetFps { get; set; } = 25;
    public double MinDurationSeconds { get; set; } = 0.5;
    public double MaxDurationSeconds { get; set; } = 120;

    /// <summary>Uploads larger than this are refused before they are downloaded (2 GiB: 120 s of 4K at 130 Mb/s).</summary>
    public long MaxUploadBytes { get; set; } = 2L << 30;

    /// <summary>Why an upload of <paramref name="bytes"/> is refused, or null when it is within <see cref="MaxUploadBytes"/>.</summary>
    public string? UploadTooLarge(string blobName, long bytes) => bytes > MaxUploadBytes
        ? $"'{blobName}' is {bytes / 1e6:N0} MB; uploads may be at most {MaxUploadBytes / 1e6:N0} MB (limit MaxUploadBytes)."
        : null;

    /// <summary>See <see cref="VideoLimits"/>: the longer side, pixels per frame, aspect ratio and frame rate a video may have.</summary>
    public int MaxSide { get; set; } = new VideoLimits().MaxSide;
    public long MaxPixels { get; set; } = new VideoLimits().MaxPixels;
    public double MaxAspectRatio { get; set; } = new VideoLimits().MaxAspectRatio;
    public double MaxFrameRate { get; set; } = new VideoLimits().MaxFrameRate;

    /// <summary>A classification still running after this long ends as Failed (a durable timer in the orchestrator).</summary>
    public TimeSpan ClassificationDeadline { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// How many times a step may start on one video without finishing (its worker died: a native crash, an
    /// out-of-memory kill, a host timeout) before the video is refused instead of taking more workers down.
    /// </summary>
    public int MaxWorkerLosses { get; set; } = 3;
    public int WindowFrames { get; set; } = 64;
    public int WindowStride { get; set; } = 64;

    /// <summary>Frames per chunk blob; one flow activity per chunk.</summary>
    public int FlowChunkFrames { get; set; } = 32;

    public FlowAlgorithm FlowAlgorithm { get; set; } = FlowAlgorithm.Farneback;

    /// <summary>Which decoder reads the frames: the platform's <c>ffmpeg</c> command when installed (<c>Auto</c>), or OpenCV's bundled FFmpeg.</summary>
    public VideoDecoder VideoDecoder { get; set; } = VideoDecoder.Auto;

    /// <summary>Activities one worker runs at once.</summary>
    public int ActivityConcurrency { get; set; } = 2;

    /// <summary>ONNX Runtime intra-op threads per session (0: one per core).</summary>
    public int InferenceThreads { get; set; }

    public InferenceDevice InferenceDevice { get; set; } = InferenceDevice.Cpu;

    /// <summary>
    /// BENCH ONLY (`exercise bench --stage Scale`; never set it in a deployment): when positive, each window's
    /// inference is replaced by a wait of this long that returns all-zero logits, so the bench can show the
    /// orchestration layer's ceiling past what this machine's cores can infer (as if an accelerator elsewhere took
    /// this long per window). Rows classified this way are meaningless. Zero (the default): the real model.
    /// </summary>
    public TimeSpan BenchInferenceStandIn { get; set; }

    /// <summary>The longest stand-in the validator accepts: longer than any real window's inference on a CPU.</summary>
    public static readonly TimeSpan MaxBenchInferenceStandIn = TimeSpan.FromMinutes(1);

    /// <summary>The classification method's settings: the same for every activity and for <c>exercise classify</c>.</summary>
    public MethodOptions Method() => new()
    {
        Video = new VideoReadOptions
        {
            TargetFps = TargetFps,
            MinDurationSeconds = MinDurationSeconds,
            MaxDurationSeconds = MaxDurationSeconds,
            Decoder = VideoDecoder,
            Limits = new VideoLimits { MaxSide = MaxSide, MaxPixels = MaxPixels, MaxAspectRatio = MaxAspectRatio, MaxFrameRate = MaxFrameRate },
        },
        WindowFrames = WindowFrames,
        WindowStride = WindowStride,
        FlowChunkFrames = FlowChunkFrames,
        Flow = FlowAlgorithm,
    };

    public InferenceOptions Inference() => new() { Device = InferenceDevice, Threads = InferenceThreads };

    /// <summary>What the orchestrator needs to plan its fan-out; travels in its input so replays see the same plan.</summary>
    public ClassificationPlan Plan() => new(FlowChunkFrames, WindowFrames, WindowStride, ClassificationDeadline);
}

/// <summary>Fan-out parameters and the deadline, fixed when a classification starts.</summary>
public sealed record ClassificationPlan(int ChunkFrames, int WindowFrames, int WindowStride, TimeSpan Deadline);

/// <summary>
/// Refuses settings the pipeline cannot run with, at start (ValidateOnStart) rather than on the first upload. Written
/// by hand rather than with data annotations: several rules relate two settings.
/// </summary>
public sealed class PipelineOptionsValidator : IValidateOptions<PipelineOptions>
{
    /// <summary>The smallest clip the I3D graph accepts (measured: T = 9 is the smallest that runs).</summary>
    public const int MinWindowFrames = 9;

    public ValidateOptionsResult Validate(string? name, PipelineOptions options)
    {
        var failures = new List<string>();
        Require(options.WindowFrames >= MinWindowFrames, $"WindowFrames must be at least {MinWindowFrames} (is {options.WindowFrames}).");
        Require(options.WindowStride >= 1, $"WindowStride must be at least 1 (is {options.WindowStride}).");
        Require(options.FlowChunkFrames >= 1, $"FlowChunkFrames must be at least 1 (is {options.FlowChunkFrames}).");
        Require(options.TargetFps > 0 && double.IsFinite(options.TargetFps), $"TargetFps must be a positive number (is {options.TargetFps}).");
        Require(options.MinDurationSeconds >= 0, $"MinDurationSeconds must not be negative (is {options.MinDurationSeconds}).");
        Require(options.MinDurationSeconds < options.MaxDurationSeconds,
            $"MinDurationSeconds ({options.MinDurationSeconds}) must be less than MaxDurationSeconds ({options.MaxDurationSeconds}).");
        Require(options.ActivityConcurrency >= 1, $"ActivityConcurrency must be at least 1 (is {options.ActivityConcurrency}).");
        Require(options.InferenceThreads >= 0, $"InferenceThreads must be 0 (one per core) or more (is {options.InferenceThreads}).");
        Require(options.BenchInferenceStandIn >= TimeSpan.Zero && options.BenchInferenceStandIn <= PipelineOptions.MaxBenchInferenceStandIn,
            $"BenchInferenceStandIn must be 0 (off: the real model) to {PipelineOptions.MaxBenchInferenceStandIn} (is {options.BenchInferenceStandIn}).");
        Require(Enum.IsDefined(options.InferenceDevice), $"InferenceDevice '{options.InferenceDevice}' is unknown.");
        Require(Enum.IsDefined(options.FlowAlgorithm), $"FlowAlgorithm '{options.FlowAlgorithm}' is unknown.");
        foreach (var (setting, value) in new[] { ("VideosContainer", options.VideosContainer), ("WorkContainer", options.WorkContainer),
                     ("ClassificationsTable", options.ClassificationsTable), ("TaskHub", options.TaskHub) })
        {
            Require(!string.IsNullOrWhiteSpace(value), $"{setting} must not be empty.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures.Select(f => $"{PipelineOptions.SectionName}:{f}"));

        void Require(bool condition, string failure)
        {
            if (!condition)
            {
                failures.Add(failure);
            }
        }
    }
}
