using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ExerciseFunctions.Runtime.Tensors;

namespace ExerciseFunctions.Pipeline.Storage;

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
