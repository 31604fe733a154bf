using ExerciseFunctions.LocalHost.Azurite;
using ExerciseFunctions.LocalHost.Durable;
using ExerciseFunctions.LocalHost.Http;
using ExerciseFunctions.LocalHost.Watching;
using ExerciseFunctions.Pipeline.Activities;
using ExerciseFunctions.Pipeline.Configuration;
using ExerciseFunctions.Pipeline.Inference;
using ExerciseFunctions.Pipeline.Starting;
using ExerciseFunctions.Pipeline.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace ExerciseFunctions.LocalHost;

/// <summary>
/// The pipeline without Azure Functions: Azurite (started here when no connection string is given), a durable
/// worker, and unless worker-only the watcher on the videos container and the status API on 127.0.0.1.
/// </summary>
public sealed class LocalPipelineHost : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> parts = [];

    private LocalPipelineHost(PipelineOptions options) => Options = options;

    /// <summary>The effective options (with Azurite's connection string when it was started here).</summary>
    public PipelineOptions Options { get; }

    public PipelineStorage Storage { get; private set; } = null!;
    public DurableWorker Worker { get; private set; } = null!;
    public ClassificationStarter Starter { get; private set; } = null!;
    public ClassificationQuery Query { get; private set; } = null!;
    public string? StatusApiBaseUrl { get; private set; }

    public static async Task<LocalPipelineHost> StartAsync(LocalHostSettings settings, ILoggerFactory loggers, CancellationToken cancellationToken = default)
    {
        var options = settings.Pipeline;
        AzuriteServer? azurite = null;
        if (string.IsNullOrWhiteSpace(options.StorageConnection))
        {
            azurite = await StartAzuriteAsync(settings, loggers, cancellationToken);
            options = options.WithStorageConnection(azurite.ConnectionString);
        }
        var host = new LocalPipelineHost(options);
        if (azurite is not null)
        {
            host.parts.Add(azurite);
        }
        try
        {
            await host.StartPartsAsync(settings, loggers, cancellationToken);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    private async Task StartPartsAsync(LocalHostSettings settings, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        Storage = new PipelineStorage(Options);
        await Storage.EnsureCreatedAsync(cancellationToken);
        var models = new ModelCache(Options, loggers.CreateLogger<ModelCache>());
        parts.Add(new SyncPart(models));
        Worker = await DurableWorker.StartAsync(Options, new PipelineActivities(Options, Storage, models), settings.WorkerId, settings.QueueVisibilityTimeout, loggers);
        parts.Add(Worker);
        Starter = new ClassificationStarter(Worker.Gateway, Storage.Classifications, Options, TimeProvider.System);
        Query = new ClassificationQuery(Worker.Gateway, Storage, Options, TimeProvider.System);
        if (settings.WorkerOnly)
        {
            return;
        }
        var watcher = new VideoWatcher(Storage, Starter, loggers.CreateLogger<VideoWatcher>(), settings.WatchInterval);
        watcher.Start();
        parts.Add(watcher);
        var api = await StatusApi.StartAsync(Query, settings.HttpPort, loggers);
        parts.Add(api);
        StatusApiBaseUrl = api.Urls.First();
    }

    private static Task<AzuriteServer> StartAzuriteAsync(LocalHostSettings settings, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var directory = settings.AzuriteDirectory ?? Path.Combine(AzuriteServer.RepositoryRoot(), ".azurite");
        loggers.CreateLogger<LocalPipelineHost>().LogInformation("Starting Azurite with its data in {Directory}", directory);
        return settings.AzuriteStandardPorts
            ? AzuriteServer.StartAsync(directory, 10000, 10001, 10002, cancellationToken)
            : AzuriteServer.StartAsync(directory, cancellationToken: cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = parts.Count - 1; i >= 0; i--)
        {
            await parts[i].DisposeAsync();
        }
        parts.Clear();
    }

    /// <summary>A synchronous disposable among the parts, disposed in order with them.</summary>
    private sealed class SyncPart(IDisposable disposable) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            disposable.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
