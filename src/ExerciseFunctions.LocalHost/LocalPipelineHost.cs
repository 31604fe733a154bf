using System.Net;
using ExerciseFunctions.LocalHost.Azurite;
using ExerciseFunctions.LocalHost.Durable;
using ExerciseFunctions.LocalHost.Http;
using ExerciseFunctions.LocalHost.Watching;
using ExerciseFunctions.Pipeline.Configuration;
using ExerciseFunctions.Pipeline.Hosting;
using ExerciseFunctions.Pipeline.Starting;
using ExerciseFunctions.Pipeline.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ExerciseFunctions.LocalHost;

/// <summary>
/// The pipeline without Azure Functions, on the Generic Host: AddPipeline as in the Functions app, and as hosted
/// services Azurite's supervisor (when no connection string is configured), the durable worker and, unless
/// worker-only, the watcher on the videos container and the status API on 127.0.0.1 (Kestrel). Ctrl+C and SIGTERM
/// stop it through the host's lifetime. This class only starts the host and names the parts callers use.
/// </summary>
public sealed class LocalPipelineHost : IAsyncDisposable
{
    private LocalPipelineHost(IHost host) => Host = host;

    public IHost Host { get; }

    public PipelineOptions Options => Host.Services.GetRequiredService<PipelineOptions>();
    public PipelineStorage Storage => Host.Services.GetRequiredService<PipelineStorage>();
    public DurableWorker Worker => Host.Services.GetRequiredService<DurableWorker>();
    public ClassificationStarter Starter => Host.Services.GetRequiredService<ClassificationStarter>();
    public ClassificationQuery Query => Host.Services.GetRequiredService<ClassificationQuery>();
    public string? StatusApiBaseUrl => (Host as WebApplication)?.Urls.FirstOrDefault();

    /// <summary>Why the host stopped itself (Azurite could not be kept running); null otherwise.</summary>
    public string? Failure => Host.Services.GetService<AzuriteSupervisor>()?.Failure;

    public static async Task<LocalPipelineHost> StartAsync(LocalHostSettings settings, CancellationToken cancellationToken = default)
    {
        var host = await BuildAsync(settings, cancellationToken);
        try
        {
            await host.Host.StartAsync(cancellationToken);
            return host;
        }
        catch
        {
            // A host that failed to start cannot be stopped; only the Azurite started for it needs stopping.
            if (host.Host.Services.GetService<AzuriteSupervisor>() is { } supervisor)
            {
                await supervisor.Server.DisposeAsync();
            }
            host.Host.Dispose();
            throw;
        }
    }

    /// <summary>Builds the host; Azurite is started (or an already running one for its folder reused) first, because its ports make the connection string.</summary>
    public static async Task<LocalPipelineHost> BuildAsync(LocalHostSettings settings, CancellationToken cancellationToken = default)
    {
        IHostApplicationBuilder builder = settings.WorkerOnly
            ? Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] })
            : WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Configuration.AddInMemoryCollection(settings.Configuration);
        builder.Logging.ClearProviders();
        settings.Logging?.Invoke(builder.Logging);
        builder.Services.AddSingleton(settings);
        builder.Services.Configure<ConsoleLifetimeOptions>(lifetime => lifetime.SuppressStatusMessages = true);

        AzuriteServer? azurite = null;
        if (string.IsNullOrWhiteSpace(builder.Configuration[$"{PipelineOptions.SectionName}:{nameof(PipelineOptions.StorageConnection)}"]))
        {
            azurite = await AzuriteServer.StartOrReuseAsync(settings.AzuriteDirectory ?? AzuriteInstallation.DefaultDataDirectory,
                settings.AzuritePorts, cancellationToken: cancellationToken);
            builder.Configuration.AddInMemoryCollection([KeyValuePair.Create($"{PipelineOptions.SectionName}:{nameof(PipelineOptions.StorageConnection)}", (string?)azurite.ConnectionString)]);
            // First registered, last stopped: everything else still talks to Azurite while it stops.
            builder.Services.AddSingleton(azurite);
            builder.Services.AddSingleton<AzuriteSupervisor>();
            builder.Services.AddHostedService(services => services.GetRequiredService<AzuriteSupervisor>());
        }
        try
        {
            builder.Services.AddPipeline(builder.Configuration);
            builder.Services.AddSingleton<DurableWorker>();
            builder.Services.AddHostedService(services => services.GetRequiredService<DurableWorker>());
            builder.Services.AddSingleton(services => services.GetRequiredService<DurableWorker>().Gateway);
            builder.Services.AddSingleton<ClassificationStarter>();
            builder.Services.AddSingleton<ClassificationQuery>();
            if (builder is not WebApplicationBuilder web)
            {
                return new LocalPipelineHost(((HostApplicationBuilder)builder).Build());
            }
            builder.Services.AddHostedService<VideoWatcher>();
            builder.Services.AddHostedService<RowSweeper>();
            web.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, settings.HttpPort));
            var app = web.Build();
            app.MapStatusApi();
            return new LocalPipelineHost(app);
        }
        catch
        {
            if (azurite is not null)
            {
                await azurite.DisposeAsync();
            }
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Not twice: a host that ran to its shutdown (Ctrl+C, SIGTERM) has stopped its services already.
        if (!Host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopped.IsCancellationRequested)
        {
            await Host.StopAsync();
        }
        // An abandoned work item may still be inside ONNX Runtime or OpenCV: disposing the model's native sessions
        // under it crashes the process (SIGSEGV, seen when a test stopped a worker mid-inference). They are left to
        // the end of the process.
        if (Worker.Abandoned)
        {
            return;
        }
        if (Host is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync();
        }
        else
        {
            Host.Dispose();
        }
    }
}
