using ExerciseFunctions.Pipeline.Configuration;
using ExerciseFunctions.Pipeline.Starting;
using ExerciseFunctions.Pipeline.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace ExerciseFunctions.Functions.Triggers;

/// <summary>Every five minutes: rows still Running whose orchestration can no longer end them are made Failed.</summary>
public sealed class RunningRowSweep(PipelineStorage storage, PipelineOptions options, TimeProvider clock, ILogger<RunningRowSweep> logger)
{
    [Function(nameof(SweepRunningRows))]
    public async Task SweepRunningRows([TimerTrigger("0 */5 * * * *")] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        var reconciler = new RunningRowReconciler(new DurableTaskClientGateway(client), storage.Classifications, options, clock, logger);
        await reconciler.SweepAsync(cancellationToken);
    }
}
