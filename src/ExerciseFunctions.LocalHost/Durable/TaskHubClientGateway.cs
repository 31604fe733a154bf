using DurableTask.Core;
using DurableTask.Core.Exceptions;
using ExerciseFunctions.Pipeline.Orchestration;
using ExerciseFunctions.Pipeline.Starting;

namespace ExerciseFunctions.LocalHost.Durable;

/// <summary><see cref="IOrchestrationGateway"/> over the Durable Task Framework's TaskHubClient.</summary>
internal sealed class TaskHubClientGateway(TaskHubClient client) : IOrchestrationGateway
{
    private static readonly OrchestrationStatus[] DedupeStatuses =
        [OrchestrationStatus.Pending, OrchestrationStatus.Running, OrchestrationStatus.Completed, OrchestrationStatus.Failed];

    public async Task<InstanceState?> GetStateAsync(string instanceId, CancellationToken cancellationToken)
    {
        var state = await client.GetOrchestrationStateAsync(instanceId);
        return state is null ? null : new InstanceState(state.OrchestrationStatus.ToString(), state.Status, state.FailureDetails?.ErrorMessage ?? state.Output);
    }

    /// <summary>Two starters racing on the same upload: the second finds it exists and does nothing.</summary>
    public async Task<bool> StartAsync(string instanceId, ClassifyVideoRequest request, CancellationToken cancellationToken)
    {
        try
        {
            await client.CreateOrchestrationInstanceAsync(ActivityNames.ClassifyVideo, "", instanceId, request, null, DedupeStatuses);
            return true;
        }
        catch (OrchestrationAlreadyExistsException)
        {
            return false;
        }
    }
}
