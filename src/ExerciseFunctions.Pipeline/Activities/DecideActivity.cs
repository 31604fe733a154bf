using ExerciseFunctions.Pipeline.Inference;
using ExerciseFunctions.Pipeline.Orchestration;
using ExerciseFunctions.Runtime.Classification;
using Microsoft.DurableTask;

namespace ExerciseFunctions.Pipeline.Activities;

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
