using System.Net;
using System.Text.Json;
using ExerciseFunctions.Pipeline.Configuration;
using ExerciseFunctions.Pipeline.Starting;
using ExerciseFunctions.Pipeline.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace ExerciseFunctions.Functions.Http;

/// <summary>
/// <c>GET /api/classifications/{name}</c> and <c>GET /api/classifications/by-id/{instanceId}</c>: runtime status,
/// progress and result, in the local host's JSON (web defaults, camelCase); 404 when there is none. A failure reads
/// as its bad-input reason or "internal error &lt;instance id&gt;" only. Anonymous at the function level: in Azure the
/// Container Apps authentication in front of the app (Entra ID, infra/modules/functionApp.bicep) turns away every
/// caller without a token before the request reaches the host, so no function key has to be handed out.
/// </summary>
public sealed class ClassificationStatusApi(PipelineStorage storage, PipelineOptions options, TimeProvider clock, ILogger<ClassificationQuery> logger)
{
    public const string Route = "classifications/{*name}";

    /// <summary>
    /// Served by the catch-all route itself: the Functions host orders overlapping routes by function name, not by
    /// ASP.NET's precedence (azure-functions-host #9876), so a second function could never win. A blob named
    /// "by-id/…" is therefore reachable only by its instance id.
    /// </summary>
    public const string ByIdPrefix = "by-id/";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Function(nameof(GetClassification))]
    public async Task<HttpResponseData> GetClassification(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Route)] HttpRequestData request,
        string name,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        var query = new ClassificationQuery(new DurableTaskClientGateway(client), storage, options, clock, logger);
        var instanceId = InstanceIdIn(name);
        var view = instanceId is null
            ? await query.FindPublicAsync(name, cancellationToken)
            : await query.FindPublicByInstanceIdAsync(instanceId, cancellationToken);
        var response = request.CreateResponse(view is null ? HttpStatusCode.NotFound : HttpStatusCode.OK);
        response.Headers.Add("Content-Type", "application/json; charset=utf-8");
        object body = view is null
            ? new { error = instanceId is null ? $"No classification of '{name}'." : $"No classification with id '{instanceId}'." }
            : view;
        await response.WriteStringAsync(JsonSerializer.Serialize(body, Json), cancellationToken);
        return response;
    }

    /// <summary>The instance id of a <c>by-id/{instanceId}</c> path, or null for a blob name.</summary>
    public static string? InstanceIdIn(string name) =>
        name.StartsWith(ByIdPrefix, StringComparison.Ordinal) && name.Length > ByIdPrefix.Length && !name[ByIdPrefix.Length..].Contains('/')
            ? name[ByIdPrefix.Length..]
            : null;
}
