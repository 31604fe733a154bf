using ExerciseFunctions.Pipeline.Inference;
using ExerciseFunctions.Pipeline.Orchestration;
using Microsoft.DurableTask;

namespace ExerciseFunctions.Pipeline.Activities;

/// <summary>Labels and version of the model for the orchestrator; also loads the sessions while frames are extracted.</summary>
public sealed class LoadModelActivity(ModelCache models) : TaskActivity<object?, ModelInfo>
{
    public override async Task<ModelInfo> RunAsync(TaskActivityContext context, object? input)
    {
        var model = await models.GetAsync();
        return new ModelInfo(model.Labels, model.Version, model.Rejector?.Parameters, model.Calibration.Temperature);
    }
}
