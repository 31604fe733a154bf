using System.Diagnostics;
using ExerciseFunctions.Runtime.Inference;
using ExerciseFunctions.Runtime.Video;
using ExerciseFunctions.Pipeline.Configuration;
using ExerciseFunctions.Pipeline.Inference;
using ExerciseFunctions.Pipeline.Orchestration;
using ExerciseFunctions.Pipeline.Storage;
using Microsoft.DurableTask;

namespace ExerciseFunctions.Pipeline.Activities;

/// <summary>Scores one window with one stream's I3D: loads the chunks holding its frames, builds the clip, runs the session.</summary>
public abstract class WindowInferenceActivity<TItem>(PipelineOptions options) : TaskActivity<WindowInput, WindowLogits>
{
    public override async Task<WindowLogits> RunAsync(TaskActivityContext context, WindowInput input)
    {
        var clock = Stopwatch.StartNew();
        var chunks = new Dictionary<int, IReadOnlyList<TItem>>();
        foreach (var chunk in input.FrameIndices.Select(i => i / input.ChunkFrames).Distinct())
        {
            chunks[chunk] = await ReadChunkAsync(input.InstanceId, chunk);
        }
        var items = input.FrameIndices.Select(i => chunks[i / input.ChunkFrames][i % input.ChunkFrames]).ToList();
        var model = LoadedModel.Get(options.ModelDirectory, options.InferenceOptions());
        var output = Session(model).Run(BuildClip(items), items.Count);
        return new WindowLogits(input.Window, output.Logits, clock.Elapsed.TotalMilliseconds);
    }

    protected abstract Task<IReadOnlyList<TItem>> ReadChunkAsync(string instanceId, int chunk);

    protected abstract float[] BuildClip(IReadOnlyList<TItem> items);

    protected abstract I3dSession Session(LoadedModel model);
}

/// <summary>RGB stream: frames scaled to [-1, 1].</summary>
public sealed class InferRgbActivity(PipelineOptions options, PipelineStorage storage) : WindowInferenceActivity<byte[]>(options)
{
    protected override async Task<IReadOnlyList<byte[]>> ReadChunkAsync(string instanceId, int chunk) =>
        (await storage.WorkChunks.ReadFramesAsync(WorkBlobs.FrameChunk(instanceId, chunk))).Frames;

    protected override float[] BuildClip(IReadOnlyList<byte[]> items) => FramePreprocessor.ToModelInput(items);

    protected override I3dSession Session(LoadedModel model) => model.Rgb;
}

/// <summary>Flow stream: the flow chunks written by <see cref="ComputeFlowActivity"/>, already clipped and scaled.</summary>
public sealed class InferFlowActivity(PipelineOptions options, PipelineStorage storage) : WindowInferenceActivity<float[]>(options)
{
    protected override async Task<IReadOnlyList<float[]>> ReadChunkAsync(string instanceId, int chunk) =>
        (await storage.WorkChunks.ReadFlowAsync(WorkBlobs.FlowChunk(instanceId, chunk))).Flow;

    protected override float[] BuildClip(IReadOnlyList<float[]> items)
    {
        var length = items[0].Length;
        var clip = new float[items.Count * length];
        for (var i = 0; i < items.Count; i++)
        {
            items[i].CopyTo(clip, i * length);
        }
        return clip;
    }

    protected override I3dSession Session(LoadedModel model) => model.Flow;
}
