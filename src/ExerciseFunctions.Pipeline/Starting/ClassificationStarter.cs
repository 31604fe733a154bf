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

    /// <summary>Returns the instance id; <c>Started</c> is false when that upload was already being classified.</summary>
    public async Task<(string InstanceId, bool Started)> StartAsync(string container, string blobName, string blobETag, CancellationToken cancellationToken = default)
    {
        var instanceId = InstanceIdFor(container, blobName, blobETag);
        if (await gateway.GetStateAsync(instanceId, cancellationToken) is not null)
        {
            return (instanceId, false);
        }
        var request = new ClassifyVideoRequest(container, blobName, blobETag.Trim('"'), clock.GetUtcNow(), options.Plan());
        await store.AddRunningAsync(ClassificationRows.Running(request, instanceId), cancellationToken);
        return (instanceId, await gateway.StartAsync(instanceId, request, cancellationToken));
    }
}
