using Azure.Storage.Blobs.Models;
using ExerciseFunctions.Pipeline.Starting;
using ExerciseFunctions.Pipeline.Storage;
using Microsoft.Extensions.Logging;

namespace ExerciseFunctions.LocalHost.Watching;

/// <summary>
/// The local stand-in for the blob trigger: polls the videos container and hands every new (name, ETag) to the
/// shared <see cref="ClassificationStarter"/>, which starts each upload once.
/// </summary>
public sealed class VideoWatcher(PipelineStorage storage, ClassificationStarter starter, ILogger logger, TimeSpan interval) : IAsyncDisposable
{
    private readonly CancellationTokenSource stopping = new();
    private readonly HashSet<(string Name, string ETag)> seen = [];
    private Task? loop;

    public void Start() => loop = Task.Run(() => RunAsync(stopping.Token));

    /// <summary>One pass over the container (the poll loop calls this; tests may too).</summary>
    public async Task ScanAsync(CancellationToken cancellationToken)
    {
        await foreach (var blob in storage.Videos.GetBlobsAsync(BlobTraits.None, BlobStates.None, null, cancellationToken))
        {
            var upload = (blob.Name, blob.Properties.ETag?.ToString() ?? "");
            if (seen.Contains(upload))
            {
                continue;
            }
            var (instanceId, started) = await starter.StartAsync(storage.Videos.Name, upload.Name, upload.Item2, blob.Properties.ContentLength ?? 0, cancellationToken);
            if (started)
            {
                logger.LogInformation("Classifying {Blob} as {InstanceId}", upload.Name, instanceId);
            }
            seen.Add(upload);
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await ScanAsync(cancellationToken);
                await Task.Delay(interval, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                // Storage hiccups must not stop the watcher: log and poll again.
                logger.LogWarning("Watching {Container} failed: {Message}", storage.Videos.Name, e.Message);
                await Task.Delay(interval, CancellationToken.None);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        if (loop is not null)
        {
            await loop;
        }
        stopping.Dispose();
    }
}
