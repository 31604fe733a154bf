using Azure;
using ExerciseFunctions.Pipeline.Configuration;
using ExerciseFunctions.Pipeline.Orchestration;
using ExerciseFunctions.Pipeline.Storage;
using Microsoft.Extensions.Logging;

namespace ExerciseFunctions.Pipeline.Starting;

/// <summary>
/// Every upload ends in a terminal row. The orchestration writes the row's end itself; when it ended without doing so
/// (it failed or was terminated before the write, was never scheduled, or outlived its deadline), the row is made
/// Failed here: by the status query as it reads it, and by the periodic sweep of rows still Running.
/// </summary>
public sealed class RunningRowReconciler(IOrchestrationGateway gateway, ClassificationStore store, PipelineOptions options, TimeProvider clock, ILogger logger)
{
    /// <summary>The starter writes the row just before it schedules the orchestration: a missing instance is only a loss after this.</summary>
    public static readonly TimeSpan StartGrace = TimeSpan.FromMinutes(2);

    /// <summary>The row as it should read now; a Running row whose orchestration can no longer end it is written Failed.</summary>
    public async Task<ClassificationRow> ReconcileAsync(ClassificationRow row, InstanceState? state, CancellationToken cancellationToken = default)
    {
        if (row.Status != ClassificationStatus.Running || LostBecause(row, state) is not { } reason)
        {
            return row;
        }
        row.Status = ClassificationStatus.Failed;
        row.Error = reason;
        row.FinishedAt = clock.GetUtcNow();
        try
        {
            await store.ReplaceIfUnchangedAsync(row, cancellationToken);
            PipelineLogs.RowReconciled(logger, row.InstanceId, row.BlobName, reason);
            return row;
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            // The orchestration wrote its own end meanwhile: that row is the truth.
            return await store.GetAsync(row.Container, row.BlobName, row.InstanceId, cancellationToken) ?? row;
        }
    }

    /// <summary>Reconciles every row that has been Running longer than the start grace.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken = default)
    {
        var swept = 0;
        await foreach (var row in store.RunningSinceAsync(clock.GetUtcNow() - StartGrace, cancellationToken))
        {
            var state = await gateway.GetStateAsync(row.InstanceId, cancellationToken);
            if ((await ReconcileAsync(row, state, cancellationToken)).Status != ClassificationStatus.Running)
            {
                swept++;
            }
        }
        return swept;
    }

    private string? LostBecause(ClassificationRow row, InstanceState? state)
    {
        var age = clock.GetUtcNow() - row.StartedAt;
        return state?.RuntimeStatus switch
        {
            null when age > StartGrace => "the classification was never scheduled (internal error).",
            "Failed" or "Terminated" or "Canceled" => $"the classification stopped ({state.RuntimeStatus}) before it could record a result: {state.Failure}",
            "Completed" => "the classification completed without recording a result (internal error).",
            _ when age > options.ClassificationDeadline + StartGrace => $"the classification did not finish within {ClassifyVideoOrchestrator.Describe(options.ClassificationDeadline)}.",
            _ => null,
        };
    }
}
