using ExerciseFunctions.Runtime.Classification;
using ExerciseFunctions.Pipeline.Configuration;

namespace ExerciseFunctions.Pipeline.Orchestration;

// Inputs and outputs of the orchestrator and its activities: names, numbers and logits only; frames and flow
// travel through work blobs named by WorkBlobs.

/// <summary>One upload to classify; the plan is fixed at start so replays fan out the same way.</summary>
public sealed record ClassifyVideoRequest(string Container, string BlobName, string BlobETag, DateTimeOffset StartedAt, ClassificationPlan Plan);

/// <summary>The upload to extract, by name and by the ETag the classification was started for.</summary>
public sealed record ExtractFramesInput(string InstanceId, string BlobName, string BlobETag, int ChunkFrames);

/// <summary>
/// What extraction found: the sampled frames live in <see cref="ChunkCount"/> frame chunk blobs. <see cref="DecodeMs"/>
/// is the time in the decoder (as <c>classify</c> reports it); <see cref="ElapsedMs"/> adds the download and the uploads.
/// <see cref="StartedAt"/>: when the activity began, the end of the upload's wait in the task hub's queues.
/// </summary>
public sealed record FrameManifest(
    double Fps, int FrameCount, double DurationSeconds, int ChunkFrames, int ChunkCount, long SourceBytes, string Decoder, double DecodeMs, double ElapsedMs,
    DateTimeOffset StartedAt = default);

/// <summary>Every window's scores of both streams and the frame rate of the sampled frames: what the decision is made from.</summary>
public sealed record DecideInput(IReadOnlyList<WindowScores> Windows, double Fps);

/// <summary>The method's verdict and the version of the model that gave it.</summary>
public sealed record Decision(Verdict Verdict, string ModelVersion);

/// <summary>Flow of one chunk; the chunk before it supplies the frame preceding its first.</summary>
public sealed record FlowChunkInput(string InstanceId, int Chunk);

public sealed record WindowInput(string InstanceId, int Window, IReadOnlyList<int> FrameIndices, int ChunkFrames);

/// <summary>What an activity did, for the row's per-stage timings.</summary>
public sealed record ActivityTiming(double ElapsedMs);

/// <summary>One stream's scores of one window; the pooled features feed the rejection.</summary>
public sealed record WindowLogits(int Window, float[] Logits, float[] Features, double ElapsedMs);

/// <summary>Custom status of a running classification.</summary>
public sealed record PipelineProgress(string Stage, int FlowChunksDone, int FlowChunksTotal, int WindowsDone, int WindowsTotal);

public sealed record CleanupInput(string InstanceId);

/// <summary>The orchestration's output: the row it wrote.</summary>
public sealed record ClassificationSummary(string Status, string? Label, double? Confidence, string? Error);

/// <summary>Everything the row of a finished classification holds; written by one activity.</summary>
public sealed record ClassificationOutcome(
    string InstanceId,
    ClassifyVideoRequest Request,
    string Status,
    string? Label,
    double? Confidence,
    IReadOnlyDictionary<string, double>? Probabilities,
    float[]? RgbLogits,
    float[]? FlowLogits,
    bool? Recognized,
    IReadOnlyList<WindowVerdict>? Windows,
    string? ModelVersion,
    FrameManifest? Manifest,
    IReadOnlyDictionary<string, double> TimingsMs,
    string? Error,
    DateTimeOffset FinishedAt);
