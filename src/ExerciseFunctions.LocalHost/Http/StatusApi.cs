using System.Net;
using ExerciseFunctions.Pipeline.Starting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
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
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.MapGet(RoutePrefix + "{**name}", async (string name, CancellationToken cancellationToken) =>
            await query.FindAsync(name, cancellationToken) is { } view ? Results.Ok(view) : Results.NotFound(new { error = $"No classification of '{name}'." }));
        await app.StartAsync();
        loggers.CreateLogger(typeof(StatusApi)).LogInformation("Status API on {Urls}", string.Join(", ", app.Urls));
        return app;
    }

    /// <summary>Segments are escaped one by one: the route's catch-all gets real slashes and never an ambiguous %2F.</summary>
    public static string StatusUrl(int port, string blobName) =>
        $"http://127.0.0.1:{port}{RoutePrefix}{string.Join('/', blobName.Split('/').Select(Uri.EscapeDataString))}";
}
