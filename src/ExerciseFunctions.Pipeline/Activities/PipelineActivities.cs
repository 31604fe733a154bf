using ExerciseFunctions.Pipeline.Configuration;
using ExerciseFunctions.Pipeline.Inference;
using ExerciseFunctions.Pipeline.Orchestration;
using ExerciseFunctions.Pipeline.Storage;
using Microsoft.DurableTask;

namespace ExerciseFunctions.Pipeline.Activities;

/// <summary>Every activity of the pipeline, built once per host (they are stateless) and registered under <see cref="ActivityNames"/>.</summary>
public sealed class PipelineActivities(PipelineOptions options, PipelineStorage storage, ModelCache models)
{
    public ExtractFramesActivity ExtractFrames { get; } = new(options, storage, models);
    public ComputeFlowActivity ComputeFlow { get; } = new(options, storage);
    public InferRgbActivity InferRgb { get; } = new(options, storage, models);
    public InferFlowActivity InferFlow { get; } = new(options, storage, models);
    public DecideActivity Decide { get; } = new(models);
    public WriteClassificationActivity WriteClassification { get; } = new(storage);
    public CleanupWorkActivity CleanupWork { get; } = new(storage);

    public IReadOnlyDictionary<string, ITaskActivity> ByName() => new Dictionary<string, ITaskActivity>
    {
        [ActivityNames.ExtractFrames] = ExtractFrames,
        [ActivityNames.ComputeFlow] = ComputeFlow,
        [ActivityNames.InferRgb] = InferRgb,
        [ActivityNames.InferFlow] = InferFlow,
        [ActivityNames.Decide] = Decide,
        [ActivityNames.WriteClassification] = WriteClassification,
        [ActivityNames.CleanupWork] = CleanupWork,
    };
}
