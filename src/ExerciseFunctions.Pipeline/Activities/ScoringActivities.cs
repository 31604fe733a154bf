using System.Diagnostics;
using ExerciseFunctions.Pipeline.Configuration;
using ExerciseFunctions.Pipeline.Orchestration;
using ExerciseFunctions.Pipeline.Storage;
using ExerciseFunctions.Runtime.Classification;
using ExerciseFunctions.Runtime.I3d;
using ExerciseFunctions.Runtime.Inference;
using Microsoft.DurableTask;

namespace ExerciseFunctions.Pipeline.Activities;

// Everything that runs the model: each window through one stream, then the decision from every window's scores.

/// <summary>Scores one window with one stream: loads the chunks holding its frames, gathers them, runs the model.</summary>
public abstract class WindowInferenceActivity<TItem>(PipelineOptions options, PipelineStorage storage, ModelCache models) : TaskActivity<WindowInput, WindowLogits>
{
    public override async Task<WindowLogits> RunAsync(TaskActivityContext context, WindowInput input)
    {
        var clock = Stopwatch.StartNew();
        await using var attempt = await Storage.Attempts.BeginAsync(input.InstanceId, $"{context.Name}-{input.Window}", options.MaxWorkerLosses);
        var chunks = new Dictionary<int, IReadOnlyList<TItem>>();
        foreach (var chunk in input.FrameIndices.Select(i => i / input.ChunkFrames).Distinct())
        {
            chunks[chunk] = await ReadChunkAsync(input.InstanceId, chunk);
        }
        var items = input.FrameIndices.Select(i => chunks[i / input.ChunkFrames][i % input.ChunkFrames]).ToList();
        var model = await models.GetAsync();
        var output = options.BenchInferenceStandIn > TimeSpan.Zero ? await StandInAsync(model, options.BenchInferenceStandIn) : Score(model, items);
        return new WindowLogits(input.Window, output.Logits, output.Features, clock.Elapsed.TotalMilliseconds);
    }

    /// <summary>The bench's fixed-cost stand-in for the model (see <see cref="PipelineOptions.BenchInferenceStandIn"/>): waits, uses no core.</summary>
    private static async Task<StreamOutput> StandInAsync(TwoStreamModel model, TimeSpan cost)
    {
        await Task.Delay(cost);
        return new StreamOutput(new float[model.Labels.Count], new float[I3dArchitecture.FeatureChannels]);
    }

    protected PipelineStorage Storage { get; } = storage;

    protected abstract Task<IReadOnlyList<TItem>> ReadChunkAsync(string instanceId, int chunk);

    protected abstract StreamOutput Score(TwoStreamModel model, IReadOnlyList<TItem> items);
}

/// <summary>RGB stream: the frame chunks written by <see cref="ExtractFramesActivity"/>.</summary>
public sealed class InferRgbActivity(PipelineOptions options, PipelineStorage storage, ModelCache models)
    : WindowInferenceActivity<byte[]>(options, storage, models)
{
    protected override async Task<IReadOnlyList<byte[]>> ReadChunkAsync(string instanceId, int chunk) =>
        (await Storage.WorkChunks.ReadFramesAsync(WorkBlobs.FrameChunk(instanceId, chunk))).Frames;

    protected override StreamOutput Score(TwoStreamModel model, IReadOnlyList<byte[]> items) => model.ScoreRgb(items);
}

/// <summary>Flow stream: the flow chunks written by <see cref="ComputeFlowActivity"/>.</summary>
public sealed class InferFlowActivity(PipelineOptions options, PipelineStorage storage, ModelCache models)
    : WindowInferenceActivity<float[]>(options, storage, models)
{
    protected override async Task<IReadOnlyList<float[]>> ReadChunkAsync(string instanceId, int chunk) =>
        (await Storage.WorkChunks.ReadFlowAsync(WorkBlobs.FlowChunk(instanceId, chunk))).Flow;

    protected override StreamOutput Score(TwoStreamModel model, IReadOnlyList<float[]> items) => model.ScoreFlow(items);
}

/// <summary>
/// The method's decision (fusion, calibrated softmax, 'not an exercise', the per-window timeline) from every window's
/// scores, next to the model that holds the labels, the rejector and the temperature. Done here rather than in the
/// orchestrator: the rejector's parameters (about 50 KB) would otherwise travel through every orchestration's history,
/// above the 45 KB at which the Azure Storage backend moves a message to a blob that every replay reads again (20 blob
/// requests per video, docs/scale.md).
/// </summary>
public sealed class DecideActivity(ModelCache models) : TaskActivity<DecideInput, Decision>
{
    public override async Task<Decision> RunAsync(TaskActivityContext context, DecideInput input)
    {
        var model = await models.GetAsync();
        return new Decision(ClassificationMethod.Decide(model.Labels, model.Rejector, model.Calibration, input.Windows, input.Fps), model.Version);
    }
}
