using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ExerciseFunctions.Runtime.Video;

namespace ExerciseFunctions.Pipeline.Storage;

/// <summary>
/// Counts, per classification and step, how often the step started and how often it finished, in the metadata of a
/// small work blob. A start that never finished is a worker that died on the video (a native decoder crash, an
/// out-of-memory kill, the host's timeout): exceptions are seen by the retry policy, deaths are not, and without a
/// count the queue would hand the same video to worker after worker for ever.
/// </summary>
public sealed class AttemptLedger(BlobContainerClient work)
{
    private const string Started = "started";
    private const string Finished = "finished";

    /// <summary>Records a start before the risky work; dispose the result when the step ends, however it ends.</summary>
    /// <exception cref="InvalidVideoException">Workers already died <paramref name="maxLosses"/> times on this step.</exception>
    public async Task<IAsyncDisposable> BeginAsync(string instanceId, string step, int maxLosses, CancellationToken cancellationToken = default)
    {
        var blob = work.GetBlobClient(WorkBlobs.Attempts(instanceId, step));
        var (started, finished) = await UpdateAsync(blob, (s, f) => (s + 1, f), cancellationToken);
        var losses = started - 1 - finished;
        if (losses >= maxLosses)
        {
            // The refusal is this attempt's end: it must not count as one more loss if its delivery repeats.
            await UpdateAsync(blob, (s, f) => (s, f + 1), cancellationToken);
            throw new InvalidVideoException(
                $"the worker stopped {losses} times while processing this video (step {step}); it is not tried again.");
        }
        return new Attempt(() => UpdateAsync(blob, (s, f) => (s, f + 1), CancellationToken.None));
    }

    /// <summary>Read, change, write with the blob's ETag as the condition; a concurrent writer makes it read again.</summary>
    private static async Task<(int Started, int Finished)> UpdateAsync(BlobClient blob, Func<int, int, (int, int)> change, CancellationToken cancellationToken)
    {
        while (true)
        {
            var (current, condition) = await ReadAsync(blob, cancellationToken);
            var next = change(current.Started, current.Finished);
            var metadata = new Dictionary<string, string> { [Started] = next.Item1.ToString(), [Finished] = next.Item2.ToString() };
            try
            {
                if (condition is null)
                {
                    await blob.UploadAsync(BinaryData.Empty, new BlobUploadOptions { Metadata = metadata, Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, cancellationToken);
                }
                else
                {
                    await blob.SetMetadataAsync(metadata, new BlobRequestConditions { IfMatch = condition }, cancellationToken);
                }
                return next;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412)
            {
            }
        }
    }

    private static async Task<((int Started, int Finished) Counts, ETag? ETag)> ReadAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            var properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
            return ((Count(properties.Metadata, Started), Count(properties.Metadata, Finished)), properties.ETag);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return ((0, 0), null);
        }
    }

    private static int Count(IDictionary<string, string> metadata, string key) =>
        metadata.TryGetValue(key, out var value) && int.TryParse(value, out var count) ? count : 0;

    private sealed class Attempt(Func<Task> finish) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await finish();
    }
}
