using System.Diagnostics;
using Azure;
using Azure.Storage.Blobs.Models;
using ExerciseFunctions.Pipeline.Configuration;
using ExerciseFunctions.Pipeline.Orchestration;
using ExerciseFunctions.Pipeline.Storage;
using ExerciseFunctions.Runtime.Classification;
using ExerciseFunctions.Runtime.Flow;
using ExerciseFunctions.Runtime.Tensors;
using ExerciseFunctions.Runtime.Video;
using Microsoft.DurableTask;

namespace ExerciseFunctions.Pipeline.Activities;

// The work chunks of a classification: its frames, extracted once from the upload, then the flow of each chunk.

/// <summary>
/// Downloads the upload, decodes and samples it (VideoClipReader, as the model declares: <see cref="TwoStreamModel.Preprocessing"/>)
/// and writes the frames as chunk blobs.
/// </summary>
public sealed class ExtractFramesActivity(PipelineOptions options, PipelineStorage storage, ModelCache models) : TaskActivity<ExtractFramesInput, FrameManifest>
{
    public override async Task<FrameManifest> RunAsync(TaskActivityContext context, ExtractFramesInput input)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var directory = Directory.CreateTempSubdirectory($"exercise-{input.InstanceId}-").FullName;
        var path = Path.Combine(directory, LocalFileName(input.BlobName));
        try
        {
            await using var attempt = await storage.Attempts.BeginAsync(input.InstanceId, "extract", options.MaxWorkerLosses);
            var sourceBytes = await DownloadAsync(input, path);
            var model = await models.GetAsync();
            using var reader = VideoClipReader.Open(path, model.Preprocessing.Apply(options.Method().Video));
            var decoding = new Stopwatch();
            var chunks = 0;
            var buffer = new List<byte[]>(input.ChunkFrames);
            decoding.Start();
            foreach (var frame in reader.ReadFrames())
            {
                buffer.Add(frame);
                if (buffer.Count == input.ChunkFrames)
                {
                    decoding.Stop();
                    await WriteChunkAsync(input, chunks++, buffer, reader.SampledFps);
                    decoding.Start();
                }
            }
            decoding.Stop();
            if (buffer.Count > 0)
            {
                await WriteChunkAsync(input, chunks++, buffer, reader.SampledFps);
            }
            var statistics = reader.Statistics;
            if (statistics.SampledFrames == 0)
            {
                throw new InvalidVideoException($"'{input.BlobName}' contains no frames.");
            }
            return new FrameManifest(reader.SampledFps, statistics.SampledFrames, statistics.DurationSeconds, input.ChunkFrames, chunks,
                sourceBytes, reader.DecoderName, decoding.Elapsed.TotalMilliseconds, clock.Elapsed.TotalMilliseconds, startedAt);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>
    /// Downloads the very upload the classification was started for: a blob replaced since (another ETag) is the
    /// newer upload's to classify, under its own row; one over the size limit is refused before a byte is read.
    /// </summary>
    private async Task<long> DownloadAsync(ExtractFramesInput input, string path)
    {
        var blob = storage.Videos.GetBlobClient(input.BlobName);
        var conditions = new BlobRequestConditions { IfMatch = new ETag($"\"{input.BlobETag}\"") };
        try
        {
            var properties = (await blob.GetPropertiesAsync(conditions)).Value;
            if (options.UploadTooLarge(input.BlobName, properties.ContentLength) is { } reason)
            {
                throw new InvalidVideoException(reason);
            }
            await blob.DownloadToAsync(path, new BlobDownloadToOptions { Conditions = conditions });
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new InvalidVideoException($"'{input.BlobName}' no longer exists in container '{storage.Videos.Name}'.");
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            throw new InvalidVideoException($"'{input.BlobName}' was replaced by a newer upload while it was being classified; the newer upload is classified on its own.");
        }
        return new FileInfo(path).Length;
    }

    private async Task WriteChunkAsync(ExtractFramesInput input, int chunk, List<byte[]> frames, double fps)
    {
        var name = WorkBlobs.FrameChunk(input.InstanceId, chunk);
        await storage.WorkChunks.WriteFramesAsync(name, frames, new TensorChunkHeader(chunk * input.ChunkFrames, frames.Count, fps));
        frames.Clear();
    }

    /// <summary>
    /// The blob's own file name, so the reader's error messages name what the user uploaded. Names FFmpeg could
    /// misread (a % starts an image-sequence pattern) or a file system cannot hold fall back to "video" with the
    /// extension, which helps FFmpeg pick a demuxer.
    /// </summary>
    private static string LocalFileName(string blobName)
    {
        var name = blobName[(blobName.LastIndexOf('/') + 1)..];
        if (name.Length > 0 && name[0] != '.' && System.Text.Encoding.UTF8.GetByteCount(name) <= 200 && name.All(IsPlainFileNameChar))
        {
            return name;
        }
        var extension = Path.GetExtension(name);
        return extension.Length is > 1 and <= 6 && extension[1..].All(char.IsAsciiLetterOrDigit) ? "video" + extension : "video";
    }

    private static bool IsPlainFileNameChar(char c) => char.IsLetterOrDigit(c) || c is ' ' or '-' or '_' or '.' or '(' or ')';
}

/// <summary>The method's flow of one frame chunk; the last frame of the previous chunk links it to the one before.</summary>
public sealed class ComputeFlowActivity(PipelineOptions options, PipelineStorage storage) : TaskActivity<FlowChunkInput, ActivityTiming>
{
    public override async Task<ActivityTiming> RunAsync(TaskActivityContext context, FlowChunkInput input)
    {
        var clock = Stopwatch.StartNew();
        await using var attempt = await storage.Attempts.BeginAsync(input.InstanceId, $"flow-{input.Chunk}", options.MaxWorkerLosses);
        var (header, frames) = await storage.WorkChunks.ReadFramesAsync(WorkBlobs.FrameChunk(input.InstanceId, input.Chunk));
        var previous = input.Chunk == 0
            ? null
            : (await storage.WorkChunks.ReadFramesAsync(WorkBlobs.FrameChunk(input.InstanceId, input.Chunk - 1))).Frames[^1];
        var flow = ClassificationMethod.FlowOfChunk(new OpticalFlowComputer(options.FlowAlgorithm), frames, previous);
        await storage.WorkChunks.WriteFlowAsync(WorkBlobs.FlowChunk(input.InstanceId, input.Chunk), flow, header);
        return new ActivityTiming(clock.Elapsed.TotalMilliseconds);
    }
}
