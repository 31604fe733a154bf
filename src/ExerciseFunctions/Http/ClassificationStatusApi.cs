using System.Net;
using System.Text.Json;
using ExerciseFunctions.Pipeline.Starting;
using ExerciseFunctions.Pipeline.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask.Client;

namespace ExerciseFunctions.Functions.Http;

/// <summary>
/// <c>GET /api/classifications/{name}</c> and <c>GET /api/classifications/by-id/{instanceId}</c>: runtime status,
/// progress and result, in the local host's JSON (web defaults, camelCase); 404 when there is none. A failure reads
/// as its bad-input reason or "internal error &lt;instance id&gt;" only. Anonymous at the function level: in Azure the
/// Container Apps authentication in front of the app (Entra ID, infra/modules/functionApp.bicep) turns away every
/// caller without a token before the request reaches the host, so no function key has to be handed out.
/// </summary>
public sealed class ClassificationStatusApi(PipelineStorage storage)
{
    public const string Route = "classifications/{*name}";

    /// <summary>A literal segment outranks the catch-all above, so a blob named "by-id/…" is reachable only by id.</summary>
    public const string ByIdRoute = "classifications/by-id/{instanceId}";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Function(nameof(GetClassification))]
    public async Task<HttpResponseData> GetClassification(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Route)] HttpRequestData request,
        string name,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        var view = await new ClassificationQuery(new DurableTaskClientGateway(client), storage).FindPublicAsync(name, cancellationToken);
        return await RespondAsync(request, view, $"No classification of '{name}'.", cancellationToken);
    }

    [Function(nameof(GetClassificationById))]
    public async Task<HttpResponseData> GetClassificationById(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ByIdRoute)] HttpRequestData request,
        string instanceId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        var view = await new ClassificationQuery(new DurableTaskClientGateway(client), storage).FindPublicByInstanceIdAsync(instanceId, cancellationToken);
        return await RespondAsync(request, view, $"No classification with id '{instanceId}'.", cancellationToken);
    }

    private static async Task<HttpResponseData> RespondAsync(
        HttpRequestData request, ClassificationView? view, string notFound, CancellationToken cancellationToken)
    {
        var response = request.CreateResponse(view is null ? HttpStatusCode.NotFound : HttpStatusCode.OK);
        response.Headers.Add("Content-Type", "application/json; charset=utf-8");
        object body = view is null ? new { error = notFound } : view;
        await response.WriteStringAsync(JsonSerializer.Serialize(body, Json), cancellationToken);
        return response;
    }
}
