using System.Security.Cryptography;
using System.Text;
using ExerciseFunctions.Pipeline.Configuration;
using ExerciseFunctions.Pipeline.Orchestration;
using ExerciseFunctions.Pipeline.Storage;

namespace ExerciseFunctions.Pipeline.Starting;

/// <summary>
/// Starts the classification of an upload, once: the instance id is a hash of container, blob name and ETag, so
/// a trigger firing twice finds the orchestration already there, and a new upload (new ETag) starts another.
/// Used by the Functions blob trigger and the local host's watcher alike.
/// </summary>
public sealed class ClassificationStarter(IOrchestrationGateway gateway, ClassificationStore store, PipelineOptions options, TimeProvider clock)
{
    public static string InstanceIdFor(string container, string blobName, string blobETag)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{container}\n{blobName}\n{blobETag.Trim('"')}"));
        return $"classify-{Convert.ToHexStringLower(hash)[..32]}";
    }

    /// <summary>
    /// Returns the instance id; <c>Started</c> is false when that upload was already being classified. An upload over
    /// <see cref="PipelineOptions.MaxUploadBytes"/> is not downloaded at all: its row is written Failed at once.
    /// </summary>
    public async Task<(string InstanceId, bool Started)> StartAsync(
        string container, string blobName, string blobETag, long sizeBytes, CancellationToken cancellationToken = default)
    {
        var instanceId = InstanceIdFor(container, blobName, blobETag);
        if (await gateway.GetStateAsync(instanceId, cancellationToken) is not null)
        {
            return (instanceId, false);
        }
        var request = new ClassifyVideoRequest(container, blobName, blobETag.Trim('"'), clock.GetUtcNow(), options.Plan());
        if (options.UploadTooLarge(blobName, sizeBytes) is { } reason)
        {
            return (instanceId, await RefuseAsync(request, instanceId, sizeBytes, reason, cancellationToken));
        }
        await store.AddRunningAsync(ClassificationRows.Running(request, instanceId), cancellationToken);
        return (instanceId, await gateway.StartAsync(instanceId, request, cancellationToken));
    }

    private async Task<bool> RefuseAsync(ClassifyVideoRequest request, string instanceId, long sizeBytes, string reason, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(request.Container, request.BlobName, instanceId, cancellationToken) is not null)
        {
            return false;
        }
        var row = ClassificationRows.Running(request, instanceId);
        row.Status = ClassificationStatus.Failed;
        row.SourceBytes = sizeBytes;
        row.Error = reason;
        row.RefusedUpload = true;
        row.FinishedAt = clock.GetUtcNow();
        await store.UpsertAsync(row, cancellationToken);
        return true;
    }
}
