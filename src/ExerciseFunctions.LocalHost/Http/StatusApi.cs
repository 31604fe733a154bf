using ExerciseFunctions.Pipeline.Starting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ExerciseFunctions.LocalHost.Http;

/// <summary>The Functions app's HTTP API on the local host's Kestrel, loopback only: <c>GET /api/classifications/{name}</c>.</summary>
public static class StatusApi
{
    public const string RoutePrefix = "/api/classifications/";

    public static IEndpointRouteBuilder MapStatusApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(RoutePrefix + "{**name}", async (string name, ClassificationQuery query, CancellationToken cancellationToken) =>
            await query.FindAsync(name, cancellationToken) is { } view ? Results.Ok(view) : Results.NotFound(new { error = $"No classification of '{name}'." }));
        return endpoints;
    }

    /// <summary>Segments are escaped one by one: the route's catch-all gets real slashes and never an ambiguous %2F.</summary>
    public static string StatusUrl(int port, string blobName) =>
        $"http://127.0.0.1:{port}{RoutePrefix}{string.Join('/', blobName.Split('/').Select(Uri.EscapeDataString))}";
}
