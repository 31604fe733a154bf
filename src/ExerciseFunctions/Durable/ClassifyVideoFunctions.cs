using ExerciseFunctions.Pipeline.Activities;
using ExerciseFunctions.Pipeline.Orchestration;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace ExerciseFunctions.Functions.Durable;

/// <summary>
/// One-line wrappers: the Functions host dispatches to the shared orchestrator and activities of
/// ExerciseFunctions.Pipeline, the same classes the local host runs.
/// </summary>
public sealed class ClassifyVideoFunctions(PipelineActivities activities)
{
    [Function(ActivityNames.ClassifyVideo)]
    public Task<ClassificationSummary> ClassifyVideo([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new ClassifyVideoOrchestrator().RunAsync(context, context.GetInput<ClassifyVideoRequest>()!);

    [Function(ActivityNames.ExtractFrames)]
    public Task<FrameManifest> ExtractFrames([ActivityTrigger] ExtractFramesInput input) =>
        activities.ExtractFrames.RunAsync(Context(ActivityNames.ExtractFrames, input.InstanceId), input);

    [Function(ActivityNames.LoadModel)]
    public Task<ModelInfo> LoadModel([ActivityTrigger] object? input) =>
        activities.LoadModel.RunAsync(Context(ActivityNames.LoadModel, ""), input);

    [Function(ActivityNames.ComputeFlow)]
    public Task<ActivityTiming> ComputeFlow([ActivityTrigger] FlowChunkInput input) =>
        activities.ComputeFlow.RunAsync(Context(ActivityNames.ComputeFlow, input.InstanceId), input);

    [Function(ActivityNames.InferRgb)]
    public Task<WindowLogits> InferRgb([ActivityTrigger] WindowInput input) =>
        activities.InferRgb.RunAsync(Context(ActivityNames.InferRgb, input.InstanceId), input);

    [Function(ActivityNames.InferFlow)]
    public Task<WindowLogits> InferFlow([ActivityTrigger] WindowInput input) =>
        activities.InferFlow.RunAsync(Context(ActivityNames.InferFlow, input.InstanceId), input);

    [Function(ActivityNames.WriteClassification)]
    public Task<object?> WriteClassification([ActivityTrigger] ClassificationOutcome input) =>
        activities.WriteClassification.RunAsync(Context(ActivityNames.WriteClassification, input.InstanceId), input);

    [Function(ActivityNames.CleanupWork)]
    public Task<object?> CleanupWork([ActivityTrigger] CleanupInput input) =>
        activities.CleanupWork.RunAsync(Context(ActivityNames.CleanupWork, input.InstanceId), input);

    private static FunctionActivityContext Context(string name, string instanceId) => new(new TaskName(name), instanceId);

    private sealed class FunctionActivityContext(TaskName name, string instanceId) : TaskActivityContext
    {
        public override TaskName Name { get; } = name;
        public override string InstanceId { get; } = instanceId;
    }
}
