using System.Net;
using System.Text.Json;
using ExerciseFunctions.Pipeline.Configuration;
using ExerciseFunctions.Pipeline.Starting;
using ExerciseFunctions.Pipeline.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask.Client;

namespace ExerciseFunctions.Functions.Http;

/// <summary>
/// <c>GET /api/classifications/{name}</c>: runtime status, progress and result, in the local host's JSON (web
/// defaults, camelCase); 404 for a video never uploaded. Anonymous like the local API and the documented curl:
/// it is read-only, reveals nothing but the result for a name the caller already knows, and access control belongs
/// to the Container Apps ingress, not to function keys that would have to be handed out with every upload.
/// </summary>
public sealed class ClassificationStatusApi(PipelineStorage storage, PipelineOptions options, TimeProvider clock)
{
    public const string Route = "classifications/{*name}";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Function(nameof(GetClassification))]
    public async Task<HttpResponseData> GetClassification(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Route)] HttpRequestData request,
        string name,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        var view = await new ClassificationQuery(new DurableTaskClientGateway(client), storage, options, clock).FindAsync(name, cancellationToken);
        var response = request.CreateResponse(view is null ? HttpStatusCode.NotFound : HttpStatusCode.OK);
        response.Headers.Add("Content-Type", "application/json; charset=utf-8");
        object body = view is null ? new { error = $"No classification of '{name}'." } : view;
        await response.WriteStringAsync(JsonSerializer.Serialize(body, Json), cancellationToken);
        return response;
    }
}
