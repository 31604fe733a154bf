using System.Net;
using ExerciseFunctions.Pipeline.Starting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ExerciseFunctions.LocalHost.Http;

/// <summary>The Functions app's HTTP API on Kestrel, loopback only: <c>GET /api/classifications/{name}</c>.</summary>
public static class StatusApi
{
    public const string RoutePrefix = "/api/classifications/";

    public static async Task<WebApplication> StartAsync(ClassificationQuery query, int port, ILoggerFactory loggers)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        // The embedding process owns Ctrl+C and SIGTERM; the default console lifetime would swallow them.
        builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.MapGet(RoutePrefix + "{**name}", async (string name, CancellationToken cancellationToken) =>
            await query.FindAsync(name, cancellationToken) is { } view ? Results.Ok(view) : Results.NotFound(new { error = $"No classification of '{name}'." }));
        await app.StartAsync();
        loggers.CreateLogger(typeof(StatusApi)).LogInformation("Status API on {Urls}", string.Join(", ", app.Urls));
        return app;
    }

    private sealed class EmbeddedLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>Segments are escaped one by one: the route's catch-all gets real slashes and never an ambiguous %2F.</summary>
    public static string StatusUrl(int port, string blobName) =>
        $"http://127.0.0.1:{port}{RoutePrefix}{string.Join('/', blobName.Split('/').Select(Uri.EscapeDataString))}";
}
