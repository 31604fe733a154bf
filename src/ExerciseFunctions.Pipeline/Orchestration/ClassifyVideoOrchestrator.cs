using ExerciseFunctions.Pipeline.Configuration;
using ExerciseFunctions.Pipeline.Storage;
using ExerciseFunctions.Runtime.Classification;
using ExerciseFunctions.Runtime.Inference;
using ExerciseFunctions.Runtime.Video;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace ExerciseFunctions.Pipeline.Orchestration;

/// <summary>
/// Classifies one upload: extract frames → flow per chunk (with RGB inference per window alongside) → flow
/// inference per window → the decision (fusion, softmax, rejection) beside the model → one table row → delete the work blobs.
/// Any failure ends with a Failed row that says why; bad input is never retried.
/// </summary>
public sealed class ClassifyVideoOrchestrator : TaskOrchestrator<ClassifyVideoRequest, ClassificationSummary>
{
    /// <summary>Transient failures (storage, a lost worker) are retried; an invalid video is final.</summary>
    public static readonly TaskOptions Retry = TaskOptions.FromRetryPolicy(
        new RetryPolicy(maxNumberOfAttempts: 3, firstRetryInterval: TimeSpan.FromSeconds(1), backoffCoefficient: 2)
        {
            HandleFailure = failure => !BadInput.IsCauseOf(failure),
        });

    /// <summary>
    /// The row is the one thing a user sees, so its write outlasts a storage outage of a few minutes
    /// (2 + 4 + 8 + 16 + 32 + 60 + 60 s between 8 attempts); a row still Running after that is reconciled by the query
    /// and the sweeper.
    /// </summary>
    public static readonly TaskOptions RowRetry = TaskOptions.FromRetryPolicy(
        new RetryPolicy(maxNumberOfAttempts: 8, firstRetryInterval: TimeSpan.FromSeconds(2), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromMinutes(1)));

    public override async Task<ClassificationSummary> RunAsync(TaskOrchestrationContext context, ClassifyVideoRequest request)
    {
        // Replay-safe: each event is written once, by the execution that reaches it first, not again on every replay.
        var logger = context.CreateReplaySafeLogger<ClassifyVideoOrchestrator>();
        using var scope = PipelineLogs.BeginClassificationScope(logger, context.InstanceId);
        PipelineLogs.ClassificationStarted(logger, context.InstanceId, request.BlobName);
        var run = new Run(context, request);
        using var timer = new CancellationTokenSource();
        try
        {
            var work = run.ClassifyAsync();
            if (request.Plan.Deadline > TimeSpan.Zero)
            {
                var deadline = context.CreateTimer(request.StartedAt.UtcDateTime + request.Plan.Deadline, timer.Token);
                if (await Task.WhenAny(work, deadline) == deadline)
                {
                    throw new TimeoutException($"the classification did not finish within {Describe(request.Plan.Deadline)}.");
                }
            }
            var summary = await work;
            PipelineLogs.ClassificationCompleted(logger, context.InstanceId, request.BlobName, summary.Label, summary.Confidence);
            return summary;
        }
        catch (Exception e)
        {
            // An activity's failure (after its retries), the deadline, or a fault here: either way the row must say why.
            var reason = e is TaskFailedException failed ? failed.FailureDetails.ErrorMessage : e.Message;
            PipelineLogs.ClassificationFailed(logger, context.InstanceId, request.BlobName, reason);
            await run.RecordFailureAsync(reason);
            throw;
        }
        finally
        {
            // A pending durable timer would keep the orchestration from completing until it fires.
            timer.Cancel();
        }
    }

    /// <summary>A deadline as users read it: "30 minutes", "20 seconds".</summary>
    public static string Describe(TimeSpan deadline) =>
        deadline.TotalMinutes >= 1 ? $"{deadline.TotalMinutes:0.#} minutes" : $"{deadline.TotalSeconds:0.#} seconds";

    /// <summary>One execution's state: progress for the custom status and activity times for the row.</summary>
    private sealed class Run(TaskOrchestrationContext context, ClassifyVideoRequest request)
    {
        private string? loggedStage;
        private readonly Dictionary<string, double> timings = [];
        private PipelineProgress progress = new(PipelineStages.Extracting, 0, 0, 0, 0);
        private FrameManifest? manifest;
        private Decision? decision;

        private string InstanceId => context.InstanceId;

        public async Task<ClassificationSummary> ClassifyAsync()
        {
            Report(progress);
            var stageStart = context.CurrentUtcDateTime;
            manifest = await context.CallActivityAsync<FrameManifest>(
                ActivityNames.ExtractFrames, new ExtractFramesInput(InstanceId, request.BlobName, request.BlobETag, request.Plan.ChunkFrames), Retry);
            // From the start of the classification to the first activity's: time in the task hub's queues.
            timings["queueMs"] = (manifest.StartedAt - request.StartedAt).TotalMilliseconds;
            timings["decodeMs"] = manifest.DecodeMs;
            timings["extractMs"] = manifest.ElapsedMs;
            timings["extractStageMs"] = Since(ref stageStart);

            var windows = ClipWindows.Plan(manifest.FrameCount, request.Plan.WindowFrames, request.Plan.WindowStride);
            progress = new PipelineProgress(PipelineStages.ComputingFlow, 0, manifest.ChunkCount, 0, 2 * windows.Count);
            Report(progress);
            var rgbTasks = windows.Select((w, i) => InferAsync(ActivityNames.InferRgb, i, w)).ToList();
            var flowTimes = await WhenAllReporting(
                Enumerable.Range(0, manifest.ChunkCount).Select(chunk =>
                    context.CallActivityAsync<ActivityTiming>(ActivityNames.ComputeFlow, new FlowChunkInput(InstanceId, chunk), Retry)),
                () => progress = progress with { FlowChunksDone = progress.FlowChunksDone + 1 });
            timings["flowMs"] = flowTimes.Sum(t => t.ElapsedMs);
            timings["flowStageMs"] = Since(ref stageStart);

            progress = progress with { Stage = PipelineStages.Inferring };
            Report(progress);
            var flowTasks = windows.Select((w, i) => InferAsync(ActivityNames.InferFlow, i, w)).ToList();
            var logits = await WhenAllReporting(rgbTasks.Concat(flowTasks), () => progress = progress with { WindowsDone = progress.WindowsDone + 1 });
            var rgb = logits.Take(windows.Count).ToList();
            var flow = logits.Skip(windows.Count).ToList();
            timings["rgbInferenceMs"] = rgb.Sum(l => l.ElapsedMs);
            timings["flowInferenceMs"] = flow.Sum(l => l.ElapsedMs);
            timings["inferenceStageMs"] = Since(ref stageStart);

            var scored = windows.Select((w, i) => new WindowScores(w, Output(rgb[i]), Output(flow[i]))).ToList();
            decision = await context.CallActivityAsync<Decision>(ActivityNames.Decide, new DecideInput(scored, manifest.Fps), Retry);
            var outcome = Completed(decision);
            await FinishAsync(outcome);
            return new ClassificationSummary(outcome.Status, outcome.Label, outcome.Confidence, null);
        }

        public async Task RecordFailureAsync(string reason)
        {
            var outcome = new ClassificationOutcome(
                InstanceId, request, ClassificationStatus.Failed, null, null, null, null, null, null, null, decision?.ModelVersion, manifest, timings, reason, context.CurrentUtcDateTime);
            await FinishAsync(outcome);
        }

        private ClassificationOutcome Completed(Decision decided) => new(
            InstanceId, request, ClassificationStatus.Completed, decided.Verdict.Label, decided.Verdict.Confidence, decided.Verdict.Probabilities,
            decided.Verdict.RgbLogits, decided.Verdict.FlowLogits, decided.Verdict.Recognized, decided.Verdict.Windows, decided.ModelVersion, manifest, timings, null, context.CurrentUtcDateTime);

        private static StreamOutput Output(WindowLogits window) => new(window.Logits, window.Features);

        /// <summary>Writes the row, then deletes the work blobs (a failed cleanup does not fail the classification).</summary>
        private async Task FinishAsync(ClassificationOutcome outcome)
        {
            Report(progress with { Stage = PipelineStages.Writing });
            timings["orchestrationMs"] = (context.CurrentUtcDateTime - request.StartedAt).TotalMilliseconds;
            await context.CallActivityAsync(ActivityNames.WriteClassification, outcome with { FinishedAt = context.CurrentUtcDateTime }, RowRetry);
            Report(progress with { Stage = PipelineStages.CleaningUp });
            try
            {
                await context.CallActivityAsync(ActivityNames.CleanupWork, new CleanupInput(InstanceId), Retry);
            }
            catch (TaskFailedException)
            {
                // The row is written; leftover work blobs are only storage, and a lifecycle rule can sweep them.
            }
            Report(progress with { Stage = outcome.Status == ClassificationStatus.Completed ? PipelineStages.Completed : PipelineStages.Failed });
        }

        private Task<WindowLogits> InferAsync(string activity, int window, ClipWindow clip) =>
            context.CallActivityAsync<WindowLogits>(activity, new WindowInput(InstanceId, window, clip.FrameIndices, request.Plan.ChunkFrames), Retry);

        /// <summary>Awaits every task in order of completion, updating the custom status after each; results in input order.</summary>
        private async Task<IReadOnlyList<T>> WhenAllReporting<T>(IEnumerable<Task<T>> tasks, Action onCompleted)
        {
            var all = tasks.ToList();
            var pending = all.ToList();
            while (pending.Count > 0)
            {
                var done = await Task.WhenAny(pending);
                pending.Remove(done);
                await done;
                onCompleted();
                Report(progress);
            }
            return all.Select(t => t.Result).ToList();
        }

        private double Since(ref DateTime start)
        {
            var now = context.CurrentUtcDateTime;
            var elapsed = (now - start).TotalMilliseconds;
            start = now;
            return elapsed;
        }

        private void Report(PipelineProgress status)
        {
            context.SetCustomStatus(status);
            if (status.Stage != loggedStage)
            {
                loggedStage = status.Stage;
                PipelineLogs.StageReached(context.CreateReplaySafeLogger<ClassifyVideoOrchestrator>(), InstanceId, status.Stage);
            }
        }
    }
}

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
