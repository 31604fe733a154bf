using System.Diagnostics;
using ExerciseFunctions.Pipeline.Starting;
using ExerciseFunctions.Pipeline.Storage;

namespace ExerciseFunctions.Cli.Commands.Pipeline;

/// <summary>Uploads a video to the videos container and waits for its classification's row.</summary>
internal static class Submission
{
    /// <exception cref="TimeoutException">No result within <paramref name="timeout"/>, the upload included.</exception>
    public static async Task<ClassificationRow> SubmitAndWaitAsync(PipelineStorage storage, FileInfo video, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!video.Exists)
        {
            throw new FileNotFoundException($"video not found: {video.FullName}");
        }
        var clock = Stopwatch.StartNew();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await storage.Videos.CreateIfNotExistsAsync(cancellationToken: deadline.Token);
            var upload = await storage.Videos.GetBlobClient(video.Name).UploadAsync(video.FullName, overwrite: true, deadline.Token);
            var instanceId = ClassificationStarter.InstanceIdFor(storage.Videos.Name, video.Name, upload.Value.ETag.ToString());
            while (true)
            {
                var row = await storage.Classifications.GetAsync(storage.Videos.Name, video.Name, instanceId, deadline.Token);
                if (row is not null && row.Status != ClassificationStatus.Running)
                {
                    return row;
                }
                await Task.Delay(100, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"no result for {video.Name} after {clock.Elapsed.TotalSeconds:F0} s ({storage.Videos.Uri.GetLeftPart(UriPartial.Authority)}); " +
                "is `exercise serve` (or the Functions app) running and the storage reachable?");
        }
    }
}
