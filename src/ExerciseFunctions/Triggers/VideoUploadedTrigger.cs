using Azure.Storage.Blobs;
using ExerciseFunctions.Pipeline.Configuration;
using ExerciseFunctions.Pipeline.Starting;
using ExerciseFunctions.Pipeline.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace ExerciseFunctions.Functions.Triggers;

/// <summary>
/// An upload to <c>videos</c> starts its classification through the shared, idempotent starter (the local host's
/// watcher does the same): a trigger delivered twice finds the orchestration of that ETag already there. Nothing
/// here reads the video, so a corrupt upload fails inside the orchestration (one Failed row), never in this trigger.
/// </summary>
public sealed class VideoUploadedTrigger(PipelineStorage storage, PipelineOptions options, TimeProvider clock, ILogger<VideoUploadedTrigger> logger)
{
    /// <summary>The Functions connection of the uploads; identity-based when deployed (infra/).</summary>
    public const string Connection = "VideoStorage";

    [Function(nameof(VideoUploaded))]
    public async Task VideoUploaded(
        [BlobTrigger("videos/{name}", Connection = Connection)] BlobClient blob,
        string name,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        var properties = await blob.GetPropertiesAsync(cancellationToken: cancellationToken);
        var starter = new ClassificationStarter(new DurableTaskClientGateway(client), storage.Classifications, options, clock);
        var (instanceId, started) = await starter.StartAsync(blob.BlobContainerName, name, properties.Value.ETag.ToString(), properties.Value.ContentLength, cancellationToken);
        if (started)
        {
            FunctionsLogs.UploadStarted(logger, name, instanceId);
        }
        else
        {
            FunctionsLogs.UploadAlreadyStarted(logger, name, instanceId);
        }
    }
}
