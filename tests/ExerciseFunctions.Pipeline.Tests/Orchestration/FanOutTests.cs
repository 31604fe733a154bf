using System.Collections.Concurrent;
using ExerciseFunctions.Runtime.Classification;
using ExerciseFunctions.Runtime.Models;
using ExerciseFunctions.Runtime.Video;
using ExerciseFunctions.Pipeline.Configuration;
using ExerciseFunctions.Pipeline.Orchestration;
using ExerciseFunctions.Pipeline.Storage;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;

namespace ExerciseFunctions.Pipeline.Tests.Orchestration;

/// <summary>The orchestrator alone, on the in-memory test host, with recording stand-ins for the activities.</summary>
public sealed class FanOutTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(5);

    // Expected counts worked out by hand: chunks = ceil(frames / chunk); windows start every stride while they fit,
    // plus one ending on the last frame when the last start leaves frames over, or one looped window for a short video.
    [Theory]
    [InlineData(30, 8, 16, 16, 4, 2)]    // windows at 0 and 14
    [InlineData(125, 32, 64, 64, 4, 2)]  // windows at 0 and 61
    [InlineData(10, 32, 16, 8, 1, 1)]    // one looped window
    [InlineData(48, 16, 16, 16, 3, 3)]   // windows at 0, 16, 32: nothing over
    public async Task Fans_out_one_flow_activity_per_chunk_and_one_inference_per_window_and_stream(
        int frames, int chunkFrames, int windowFrames, int stride, int chunks, int windows)
    {
        var activities = new RecordingActivities(frames, chunkFrames);
        var plan = new ClassificationPlan(chunkFrames, windowFrames, stride, Deadline);

        var (status, written) = await RunAsync(activities, plan);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, status);
        Assert.Equal(chunks, activities.Calls(ActivityNames.ComputeFlow));
        Assert.Equal(windows, activities.Calls(ActivityNames.InferRgb));
        Assert.Equal(windows, activities.Calls(ActivityNames.InferFlow));
        Assert.Equal(1, activities.Calls(ActivityNames.WriteClassification));
        Assert.Equal(1, activities.Calls(ActivityNames.CleanupWork));
        // Worked out here by plain arithmetic, not through the fusion code the orchestrator calls: each stream's mean
        // over the windows, and the label where their sum is largest (softmax keeps the order).
        var rgb = MeanOverWindows(RecordingActivities.RgbLogits, windows);
        var flow = MeanOverWindows(RecordingActivities.FlowLogits, windows);
        Assert.Equal(ClassificationStatus.Completed, written!.Status);
        Assert.Equal(rgb, written.RgbLogits!, (a, b) => Math.Abs(a - b) < 1e-6);
        Assert.Equal(flow, written.FlowLogits!, (a, b) => Math.Abs(a - b) < 1e-6);
        Assert.Equal(ExerciseClasses.Default[Enumerable.Range(0, 6).MaxBy(k => rgb[k] + flow[k])], written.Label);
    }

    [Fact]
    public async Task An_invalid_video_is_not_retried_and_ends_in_a_failed_row()
    {
        var activities = new RecordingActivities(30, 8) { ExtractFailure = new InvalidVideoException("'x.mp4' is too short: 0.2 s.") };

        var (status, written) = await RunAsync(activities, new ClassificationPlan(8, 16, 16, Deadline));

        Assert.Equal(OrchestrationRuntimeStatus.Failed, status);
        Assert.Equal(1, activities.Calls(ActivityNames.ExtractFrames));
        Assert.Equal(ClassificationStatus.Failed, written!.Status);
        Assert.Equal("'x.mp4' is too short: 0.2 s.", written.Error);
        Assert.Equal(1, activities.Calls(ActivityNames.CleanupWork));
    }

    [Fact]
    public async Task A_transient_failure_is_retried_a_bounded_number_of_times()
    {
        var activities = new RecordingActivities(30, 8) { ExtractFailure = new IOException("storage hiccup") };

        var (status, written) = await RunAsync(activities, new ClassificationPlan(8, 16, 16, Deadline));

        Assert.Equal(OrchestrationRuntimeStatus.Failed, status);
        Assert.Equal(3, activities.Calls(ActivityNames.ExtractFrames));
        Assert.Equal("storage hiccup", written!.Error);
    }

    private static float[] MeanOverWindows(Func<int, float[]> logits, int windows) =>
        [.. Enumerable.Range(0, 6).Select(k => Enumerable.Range(0, windows).Sum(w => logits(w)[k]) / windows)];

    private static async Task<(OrchestrationRuntimeStatus Status, ClassificationOutcome? Written)> RunAsync(RecordingActivities activities, ClassificationPlan plan)
    {
        await using var host = await DurableTaskTestHost.StartAsync(registry =>
        {
            registry.AddOrchestrator(ActivityNames.ClassifyVideo, new ClassifyVideoOrchestrator());
            activities.Register(registry);
        });
        var request = new ClassifyVideoRequest("videos", "clip.mp4", "etag", DateTimeOffset.UtcNow, plan);
        var instanceId = await host.Client.ScheduleNewOrchestrationInstanceAsync(ActivityNames.ClassifyVideo, request);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var metadata = await host.Client.WaitForInstanceCompletionAsync(instanceId, timeout.Token);
        return (metadata.RuntimeStatus, activities.Written);
    }

    /// <summary>Stand-ins that count their calls and return deterministic, window-dependent logits.</summary>
    private sealed class RecordingActivities(int frames, int chunkFrames)
    {
        private readonly ConcurrentDictionary<string, int> calls = new();

        public Exception? ExtractFailure { get; init; }
        public ClassificationOutcome? Written { get; private set; }

        public int Calls(string activity) => calls.GetValueOrDefault(activity);

        public static float[] RgbLogits(int window) => [.. Enumerable.Range(0, 6).Select(k => (float)Math.Sin(window + k))];

        public static float[] FlowLogits(int window) => [.. Enumerable.Range(0, 6).Select(k => (float)Math.Cos(window * k))];

        public void Register(DurableTaskRegistry registry)
        {
            registry.AddActivityFunc<ExtractFramesInput, FrameManifest>(ActivityNames.ExtractFrames, (_, input) =>
            {
                Count(ActivityNames.ExtractFrames);
                if (ExtractFailure is not null)
                {
                    throw ExtractFailure;
                }
                var chunks = (frames + chunkFrames - 1) / chunkFrames;
                return new FrameManifest(25, frames, frames / 25.0, chunkFrames, chunks, 1000, "test", 1, 1);
            });
            registry.AddActivityFunc<DecideInput, Decision>(ActivityNames.Decide, (_, input) =>
                Count(ActivityNames.Decide, new Decision(ClassificationMethod.Decide(ExerciseClasses.Default, null, new ConfidenceCalibration(1), input.Windows, input.Fps), "test")));
            registry.AddActivityFunc<FlowChunkInput, ActivityTiming>(ActivityNames.ComputeFlow, (_, _) => Count(ActivityNames.ComputeFlow, new ActivityTiming(1)));
            registry.AddActivityFunc<WindowInput, WindowLogits>(ActivityNames.InferRgb, (_, w) => Count(ActivityNames.InferRgb, new WindowLogits(w.Window, RgbLogits(w.Window), new float[1024], 1)));
            registry.AddActivityFunc<WindowInput, WindowLogits>(ActivityNames.InferFlow, (_, w) => Count(ActivityNames.InferFlow, new WindowLogits(w.Window, FlowLogits(w.Window), new float[1024], 1)));
            registry.AddActivityFunc<ClassificationOutcome, object?>(ActivityNames.WriteClassification, (_, outcome) =>
            {
                Written = outcome;
                return Count<object?>(ActivityNames.WriteClassification, null);
            });
            registry.AddActivityFunc<CleanupInput, object?>(ActivityNames.CleanupWork, (_, _) => Count<object?>(ActivityNames.CleanupWork, null));
        }

        private void Count(string activity) => calls.AddOrUpdate(activity, 1, (_, n) => n + 1);

        private T Count<T>(string activity, T result)
        {
            Count(activity);
            return result;
        }
    }
}
