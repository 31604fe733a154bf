using System.Diagnostics;
using Azure;
using ExerciseFunctions.Pipeline.Starting;
using ExerciseFunctions.Pipeline.Storage;

namespace ExerciseFunctions.Cli.Commands.Pipeline;

/// <summary>Uploads a video to the videos container and waits for its classification's row.</summary>
internal static class Submission
{
    public static async Task<ClassificationRow> SubmitAndWaitAsync(PipelineStorage storage, FileInfo video, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!video.Exists)
        {
            throw new FileNotFoundException($"video not found: {video.FullName}");
        }
        var clock = Stopwatch.StartNew();
        string instanceId;
        try
        {
            await storage.Videos.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            var upload = await storage.Videos.GetBlobClient(video.Name).UploadAsync(video.FullName, overwrite: true, cancellationToken);
            instanceId = ClassificationStarter.InstanceIdFor(storage.Videos.Name, video.Name, upload.Value.ETag.ToString());
        }
        catch (RequestFailedException e)
        {
            throw new InvalidOperationException($"cannot upload to {storage.Videos.Uri}: {e.Message.Split('\n')[0]}");
        }
        while (clock.Elapsed < timeout)
        {
            var row = await storage.Classifications.GetAsync(storage.Videos.Name, video.Name, instanceId, cancellationToken);
            if (row is not null && row.Status != ClassificationStatus.Running)
            {
                return row;
            }
            await Task.Delay(100, cancellationToken);
        }
        throw new TimeoutException($"no result for {video.Name} after {timeout.TotalSeconds:F0} s; is `exercise serve` (or the Functions app) running?");
    }
}
