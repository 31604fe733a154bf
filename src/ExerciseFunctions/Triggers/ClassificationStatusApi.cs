using System.Net;
using ExerciseFunctions.Pipeline.Starting;
using ExerciseFunctions.Pipeline.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask.Client;

namespace ExerciseFunctions.Functions.Triggers;

/// <summary><c>GET /api/classifications/{name}</c>: runtime status, progress and result; 404 for a video never uploaded.</summary>
public sealed class ClassificationStatusApi(PipelineStorage storage)
{
    [Function(nameof(GetClassification))]
    public async Task<HttpResponseData> GetClassification(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "classifications/{*name}")] HttpRequestData request,
        string name,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        var view = await new ClassificationQuery(new DurableTaskClientGateway(client), storage).FindAsync(name, cancellationToken);
        var response = request.CreateResponse();
        object body = view ?? (object)new { error = $"No classification of '{name}'." };
        await response.WriteAsJsonAsync(body, cancellationToken);
        // Set after writing: WriteAsJsonAsync resets the status to 200; the response is sent only when returned.
        response.StatusCode = view is null ? HttpStatusCode.NotFound : HttpStatusCode.OK;
        return response;
    }
}
