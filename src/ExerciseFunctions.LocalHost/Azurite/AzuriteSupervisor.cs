using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ExerciseFunctions.LocalHost.Azurite;

/// <summary>
/// Keeps the host's Azurite serving: when it dies it is started again on the same folder and ports (the host's
/// connection string stays valid; a start that fails is tried twice more, a few seconds apart); when that fails, or
/// it keeps dying, the host stops with the reason in <see cref="Failure"/>. Registered first, so it is stopped last,
/// after everything that talks to Azurite.
/// </summary>
public sealed class AzuriteSupervisor(AzuriteServer initial, ILogger<AzuriteSupervisor> logger, IHostApplicationLifetime lifetime) : BackgroundService
{
    private const int MaxRestarts = 3;

    /// <summary>Waits before trying a failed start again: what the dead process held (a port, a file) can take a moment to come free.</summary>
    private static readonly TimeSpan[] StartRetryDelays = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3)];

    private static readonly TimeSpan RestartWindow = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    /// <summary>Consecutive checks a running Azurite may refuse connections before it counts as dead (a slow start is not).</summary>
    private const int MaxSilentChecks = 5;
    private readonly Queue<DateTime> restarts = new();
    private int silentChecks;

    public AzuriteServer Server { get; private set; } = initial;

    /// <summary>Why the host stopped itself; null while Azurite serves.</summary>
    public string? Failure { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LocalHostLogs.AzuriteServing(logger, Server.ProcessId, Server.DataDirectory, Server.Ports.Blob, Server.Owned);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(CheckInterval, stoppingToken);
                silentChecks = await Server.IsServingAsync(stoppingToken) ? 0 : silentChecks + 1;
                if (!Server.IsRunning || silentChecks >= MaxSilentChecks)
                {
                    silentChecks = 0;
                    await RestartAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                Stop($"Azurite (data {Server.DataDirectory}) stopped and could not be started again: {e.Message}");
                return;
            }
        }
    }

    private async Task RestartAsync(CancellationToken cancellationToken)
    {
        while (restarts.TryPeek(out var oldest) && DateTime.UtcNow - oldest > RestartWindow)
        {
            restarts.Dequeue();
        }
        if (restarts.Count >= MaxRestarts)
        {
            Stop($"Azurite (data {Server.DataDirectory}) stopped {MaxRestarts + 1} times within {RestartWindow.TotalSeconds:F0} s; giving up.");
            return;
        }
        restarts.Enqueue(DateTime.UtcNow);
        LocalHostLogs.AzuriteStopped(logger, Server.ProcessId, Server.DataDirectory);
        await Server.DisposeAsync();
        Server = await StartAgainAsync(cancellationToken);
        LocalHostLogs.AzuriteServing(logger, Server.ProcessId, Server.DataDirectory, Server.Ports.Blob, Server.Owned);
    }

    private async Task<AzuriteServer> StartAgainAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await AzuriteServer.StartOrReuseAsync(Server.DataDirectory, Server.Ports, cancellationToken: cancellationToken);
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException && attempt < StartRetryDelays.Length)
            {
                LocalHostLogs.AzuriteStartFailed(logger, Server.DataDirectory, e.Message, StartRetryDelays[attempt].TotalSeconds);
                await Task.Delay(StartRetryDelays[attempt], cancellationToken);
            }
        }
    }

    private void Stop(string failure)
    {
        Failure = failure;
        LocalHostLogs.AzuriteGaveUp(logger, failure);
        lifetime.StopApplication();
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await Server.DisposeAsync();
    }
}
