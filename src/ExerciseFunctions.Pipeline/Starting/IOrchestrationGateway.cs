using ExerciseFunctions.Pipeline.Orchestration;

namespace ExerciseFunctions.Pipeline.Starting;

/// <summary>An orchestration's runtime state as the status API shows it.</summary>
public sealed record InstanceState(string RuntimeStatus, string? CustomStatusJson, string? Failure)
{
    /// <summary>It failed on an invalid video (<see cref="BadInput"/>): the row's reason may be shown to callers.</summary>
    public bool FailedOnBadInput { get; init; }
}

/// <summary>The durable client of a host: the Functions app's DurableTaskClient or the local host's TaskHubClient.</summary>
public interface IOrchestrationGateway
{
    /// <summary>Null when no orchestration has that id.</summary>
    Task<InstanceState?> GetStateAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>False when an orchestration with that id already existed (another starter won a race).</summary>
    Task<bool> StartAsync(string instanceId, ClassifyVideoRequest request, CancellationToken cancellationToken);
}
