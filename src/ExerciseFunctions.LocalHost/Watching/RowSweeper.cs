using ExerciseFunctions.Pipeline.Configuration;
using ExerciseFunctions.Pipeline.Starting;
using ExerciseFunctions.Pipeline.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ExerciseFunctions.LocalHost.Watching;

/// <summary>The local twin of the Functions app's timer: every minute, rows whose classification can no longer end them are made Failed.</summary>
public sealed class RowSweeper(IOrchestrationGateway gateway, ClassificationStore store, PipelineOptions options, TimeProvider clock, ILogger<RowSweeper> logger)
    : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reconciler = new RunningRowReconciler(gateway, store, options, clock, logger);
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await reconciler.SweepAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Storage may be down for a while; the next tick tries again.
                LocalHostLogs.SweepFailed(logger, e.Message);
            }
        }
    }
}
