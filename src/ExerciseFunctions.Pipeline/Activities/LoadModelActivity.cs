using ExerciseFunctions.Pipeline.Configuration;
using ExerciseFunctions.Pipeline.Inference;
using ExerciseFunctions.Pipeline.Orchestration;
using Microsoft.DurableTask;

namespace ExerciseFunctions.Pipeline.Activities;

/// <summary>Labels and version of the model for the orchestrator; also loads the sessions while frames are extracted.</summary>
public sealed class LoadModelActivity(PipelineOptions options) : TaskActivity<object?, ModelInfo>
{
    public override Task<ModelInfo> RunAsync(TaskActivityContext context, object? input)
    {
        var model = LoadedModel.Get(options.ModelDirectory, options.InferenceOptions());
        return Task.FromResult(new ModelInfo(model.Labels, model.Version));
    }
}
