using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ExerciseFunctions.Pipeline.Configuration;
using ExerciseFunctions.Runtime.Tensors;
using ExerciseFunctions.Runtime.Video;

namespace ExerciseFunctions.Pipeline.Storage;

// The pipeline's blob storage: its containers, and what lives in the work container (the names of a classification's
// blobs, its frame and flow chunks, the ledger of each step's attempts). The table is in ClassificationTable.cs.

/// <summary>The blob containers and table of the pipeline, from a connection string or from ready clients (identity-based).</summary>
public sealed class PipelineStorage
{
    public PipelineStorage(PipelineOptions options)
        : this(options, new BlobServiceClient(options.StorageConnection), new TableServiceClient(options.StorageConnection))
    {
    }

    public PipelineStorage(PipelineOptions options, BlobServiceClient blobs, TableServiceClient tables)
    {
        Videos = blobs.GetBlobContainerClient(options.VideosContainer);
        Work = blobs.GetBlobContainerClient(options.WorkContainer);
        WorkChunks = new WorkStore(Work);
        Attempts = new AttemptLedger(Work);
        Classifications = new ClassificationStore(tables.GetTableClient(options.ClassificationsTable));
    }

    public BlobContainerClient Videos { get; }
    public BlobContainerClient Work { get; }
    public WorkStore WorkChunks { get; }
    public AttemptLedger Attempts { get; }
    public ClassificationStore Classifications { get; }

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        await Videos.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await Work.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await Classifications.EnsureCreatedAsync(cancellationToken);
    }
}

/// <summary>
/// Deterministic names of the work blobs of one classification (all under its instance id), so an activity
/// delivered twice overwrites its own output instead of leaving a second copy.
/// </summary>
public static class WorkBlobs
{
    public static string Prefix(string instanceId) => $"{instanceId}/";

    public static string FrameChunk(string instanceId, int chunk) => $"{instanceId}/frames/{chunk:D5}.tensor";

    public static string FlowChunk(string instanceId, int chunk) => $"{instanceId}/flow/{chunk:D5}.tensor";

    /// <summary>The <see cref="AttemptLedger"/> of one step.</summary>
    public static string Attempts(string instanceId, string step) => $"{instanceId}/attempts/{step}";
}

/// <summary>Frame and flow chunks as <see cref="TensorFile"/> blobs in the work container; uploads overwrite (idempotent).</summary>
public sealed class WorkStore(BlobContainerClient container)
{
    public Task WriteFramesAsync(string name, IReadOnlyList<byte[]> frames, TensorChunkHeader header, CancellationToken cancellationToken = default) =>
        UploadAsync(name, stream => TensorFile.WriteFrames(stream, frames, header), cancellationToken);

    public Task WriteFlowAsync(string name, IReadOnlyList<float[]> flow, TensorChunkHeader header, CancellationToken cancellationToken = default) =>
        UploadAsync(name, stream => TensorFile.WriteFlow(stream, flow, header), cancellationToken);

    public async Task<(TensorChunkHeader Header, IReadOnlyList<byte[]> Frames)> ReadFramesAsync(string name, CancellationToken cancellationToken = default) =>
        TensorFile.ReadFrames(await DownloadAsync(name, cancellationToken));

    public async Task<(TensorChunkHeader Header, IReadOnlyList<float[]> Flow)> ReadFlowAsync(string name, CancellationToken cancellationToken = default) =>
        TensorFile.ReadFlow(await DownloadAsync(name, cancellationToken));

    /// <summary>Deletes every blob under <paramref name="prefix"/>; missing blobs are fine (a repeated cleanup).</summary>
    public async Task DeleteAllAsync(string prefix, CancellationToken cancellationToken = default)
    {
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken))
        {
            await container.DeleteBlobIfExistsAsync(blob.Name, cancellationToken: cancellationToken);
        }
    }

    private async Task UploadAsync(string name, Action<Stream> write, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        write(buffer);
        buffer.Position = 0;
        await container.GetBlobClient(name).UploadAsync(buffer, overwrite: true, cancellationToken);
    }

    private async Task<Stream> DownloadAsync(string name, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        await container.GetBlobClient(name).DownloadToAsync(buffer, cancellationToken);
        buffer.Position = 0;
        return buffer;
    }
}

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
