using ExerciseFunctions.Pipeline.Orchestration;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace ExerciseFunctions.Pipeline.Starting;

/// <summary><see cref="IOrchestrationGateway"/> over the Durable Task SDK client (the Functions app's [DurableClient]).</summary>
public sealed class DurableTaskClientGateway(DurableTaskClient client) : IOrchestrationGateway
{
    public async Task<InstanceState?> GetStateAsync(string instanceId, CancellationToken cancellationToken)
    {
        var metadata = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
        return metadata is null
            ? null
            : new InstanceState(metadata.RuntimeStatus.ToString(), metadata.SerializedCustomStatus, metadata.FailureDetails?.ErrorMessage)
            {
                FailedOnBadInput = BadInput.IsCauseOf(metadata.FailureDetails),
            };
    }

    public async Task<bool> StartAsync(string instanceId, ClassifyVideoRequest request, CancellationToken cancellationToken)
    {
        await client.ScheduleNewOrchestrationInstanceAsync(
            new TaskName(ActivityNames.ClassifyVideo), request, new StartOrchestrationOptions(instanceId), cancellationToken);
        return true;
    }
}
