using ExerciseFunctions.Pipeline.Activities;
using ExerciseFunctions.Pipeline.Orchestration;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace ExerciseFunctions.Functions.Durable;

/// <summary>
/// One-line wrappers: the Functions host dispatches by name to the shared orchestrator and activities of
/// ExerciseFunctions.Pipeline, the very classes the local host registers on its TaskHubWorker.
/// </summary>
public sealed class ClassifyVideoFunctions(PipelineActivities activities, ILogger<LoggedActivity> logger)
{
    [Function(ActivityNames.ClassifyVideo)]
    public Task<ClassificationSummary> ClassifyVideo([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new ClassifyVideoOrchestrator().RunAsync(context, context.GetInput<ClassifyVideoRequest>()!);

    [Function(ActivityNames.ExtractFrames)]
    public Task<FrameManifest> ExtractFrames([ActivityTrigger] ExtractFramesInput input) =>
        Run(activities.ExtractFrames, ActivityNames.ExtractFrames, input.InstanceId, input);

    [Function(ActivityNames.ComputeFlow)]
    public Task<ActivityTiming> ComputeFlow([ActivityTrigger] FlowChunkInput input) =>
        Run(activities.ComputeFlow, ActivityNames.ComputeFlow, input.InstanceId, input);

    [Function(ActivityNames.InferRgb)]
    public Task<WindowLogits> InferRgb([ActivityTrigger] WindowInput input) =>
        Run(activities.InferRgb, ActivityNames.InferRgb, input.InstanceId, input);

    [Function(ActivityNames.InferFlow)]
    public Task<WindowLogits> InferFlow([ActivityTrigger] WindowInput input) =>
        Run(activities.InferFlow, ActivityNames.InferFlow, input.InstanceId, input);

    [Function(ActivityNames.Decide)]
    public Task<Decision> Decide([ActivityTrigger] DecideInput input) =>
        Run(activities.Decide, ActivityNames.Decide, "", input);

    [Function(ActivityNames.WriteClassification)]
    public Task<object?> WriteClassification([ActivityTrigger] ClassificationOutcome input) =>
        Run(activities.WriteClassification, ActivityNames.WriteClassification, input.InstanceId, input);

    [Function(ActivityNames.CleanupWork)]
    public Task<object?> CleanupWork([ActivityTrigger] CleanupInput input) =>
        Run(activities.CleanupWork, ActivityNames.CleanupWork, input.InstanceId, input);

    /// <summary>
    /// The activities read only their input; the context carries the name and the orchestration's id, which the
    /// logging scope puts on every line the activity writes (custom dimension InstanceId in Application Insights).
    /// </summary>
    private async Task<TOutput> Run<TInput, TOutput>(TaskActivity<TInput, TOutput> activity, string name, string instanceId, TInput input) =>
        (TOutput)(await new LoggedActivity(activity, logger).RunAsync(new FunctionActivityContext(new TaskName(name), instanceId), input))!;

    private sealed class FunctionActivityContext(TaskName name, string instanceId) : TaskActivityContext
    {
        public override TaskName Name { get; } = name;
        public override string InstanceId { get; } = instanceId;
    }
}
