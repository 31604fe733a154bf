using System.Diagnostics;
using ExerciseFunctions.Runtime.Classification;
using ExerciseFunctions.Runtime.Flow;
using ExerciseFunctions.Pipeline.Configuration;
using ExerciseFunctions.Pipeline.Orchestration;
using ExerciseFunctions.Pipeline.Storage;
using Microsoft.DurableTask;

namespace ExerciseFunctions.Pipeline.Activities;

/// <summary>The method's flow of one frame chunk; the last frame of the previous chunk links it to the one before.</summary>
public sealed class ComputeFlowActivity(PipelineOptions options, PipelineStorage storage) : TaskActivity<FlowChunkInput, ActivityTiming>
{
    public override async Task<ActivityTiming> RunAsync(TaskActivityContext context, FlowChunkInput input)
    {
        var clock = Stopwatch.StartNew();
        await using var attempt = await storage.Attempts.BeginAsync(input.InstanceId, $"flow-{input.Chunk}", options.MaxWorkerLosses);
        var (header, frames) = await storage.WorkChunks.ReadFramesAsync(WorkBlobs.FrameChunk(input.InstanceId, input.Chunk));
        var previous = input.Chunk == 0
            ? null
            : (await storage.WorkChunks.ReadFramesAsync(WorkBlobs.FrameChunk(input.InstanceId, input.Chunk - 1))).Frames[^1];
        var flow = ClassificationMethod.FlowOfChunk(new OpticalFlowComputer(options.FlowAlgorithm), frames, previous);
        await storage.WorkChunks.WriteFlowAsync(WorkBlobs.FlowChunk(input.InstanceId, input.Chunk), flow, header);
        return new ActivityTiming(clock.Elapsed.TotalMilliseconds);
    }
}
