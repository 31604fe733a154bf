using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ExerciseFunctions.Pipeline.Starting;
using ExerciseFunctions.Pipeline.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ExerciseFunctions.LocalHost.Watching;

/// <summary>
/// The local stand-in for the blob trigger: lists the videos container one page per tick (a continuation marker
/// carries on where the last page ended, so a tick costs one page however large the container) and hands every new
/// (name, ETag) to the shared, idempotent <see cref="ClassificationStarter"/>. Idle, it backs off to a slower tick.
/// Memory stays bounded: once a full pass has gone by, every blob last modified before that pass began has been
/// handled, so those are skipped by time (the watermark) and forgotten. One blob whose start throws is logged and
/// tried again on later passes, a few times, without holding up the blobs after it.
/// </summary>
public sealed class VideoWatcher : BackgroundService
{
    public delegate Task UploadHandler(BlobItem blob, CancellationToken cancellationToken);

    public const int MaxAttempts = 5;
    private readonly BlobContainerClient videos;
    private readonly UploadHandler handle;
    private readonly ILogger logger;
    private readonly TimeSpan interval;
    private readonly TimeSpan idleInterval;
    // Listing times come from the storage's clock, with one-second resolution.
    private readonly TimeSpan clockMargin;
    private readonly int pageSize;
    private readonly Dictionary<(string Name, string ETag), DateTimeOffset> handled = [];
    private readonly Dictionary<(string Name, string ETag), int> failures = [];
    private string? continuation;
    private DateTimeOffset passStart;
    private DateTimeOffset watermark = DateTimeOffset.MinValue;

    public VideoWatcher(PipelineStorage storage, ClassificationStarter starter, ILogger<VideoWatcher> logger, LocalHostSettings settings)
        : this(storage.Videos, StartWith(storage, starter, logger), logger, settings.WatchInterval, settings.IdleWatchInterval, TimeSpan.FromSeconds(5), pageSize: 500)
    {
    }

    internal VideoWatcher(BlobContainerClient videos, UploadHandler handle, ILogger logger, TimeSpan interval, TimeSpan idleInterval, TimeSpan clockMargin, int pageSize)
    {
        this.pageSize = pageSize;
        this.videos = videos;
        this.handle = handle;
        this.logger = logger;
        this.interval = interval;
        this.idleInterval = idleInterval;
        this.clockMargin = clockMargin;
    }

    /// <summary>Uploads handled and not yet below the watermark (what the watcher still remembers).</summary>
    internal int RememberedUploads => handled.Count + failures.Count;

    private static UploadHandler StartWith(PipelineStorage storage, ClassificationStarter starter, ILogger logger) => async (blob, cancellationToken) =>
    {
        var (instanceId, started) = await starter.StartAsync(
            storage.Videos.Name, blob.Name, blob.Properties.ETag?.ToString() ?? "", blob.Properties.ContentLength ?? 0, cancellationToken);
        if (started)
        {
            LocalHostLogs.UploadStarted(logger, blob.Name, instanceId);
        }
    };

    /// <summary>One page of the listing; true when it handed on a new upload or more pages follow.</summary>
    internal async Task<bool> ScanPageAsync(CancellationToken cancellationToken)
    {
        if (continuation is null)
        {
            passStart = DateTimeOffset.UtcNow;
        }
        var busy = false;
        string? next = null;
        await foreach (var page in videos.GetBlobsAsync(BlobTraits.None, BlobStates.None, null, cancellationToken).AsPages(continuation, pageSize))
        {
            foreach (var blob in page.Values)
            {
                busy |= await HandleAsync(blob, cancellationToken);
            }
            next = page.ContinuationToken;
            break;
        }
        continuation = string.IsNullOrEmpty(next) ? null : next;
        if (continuation is null)
        {
            EndPass();
        }
        return busy || continuation is not null;
    }

    private async Task<bool> HandleAsync(BlobItem blob, CancellationToken cancellationToken)
    {
        var modified = blob.Properties.LastModified ?? DateTimeOffset.MaxValue;
        var upload = (blob.Name, blob.Properties.ETag?.ToString() ?? "");
        if (handled.ContainsKey(upload) || (modified < watermark && !failures.ContainsKey(upload)))
        {
            return false;
        }
        try
        {
            await handle(blob, cancellationToken);
            handled[upload] = modified;
            failures.Remove(upload);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            var attempts = failures.GetValueOrDefault(upload) + 1;
            LocalHostLogs.UploadFailed(logger, e, upload.Name, attempts, MaxAttempts);
            if (attempts >= MaxAttempts)
            {
                failures.Remove(upload);
                handled[upload] = modified;
            }
            else
            {
                failures[upload] = attempts;
            }
        }
        return true;
    }

    /// <summary>A full pass ended: everything modified before it began was handled, given up, or is in <see cref="failures"/> to retry.</summary>
    private void EndPass()
    {
        watermark = passStart - clockMargin;
        foreach (var upload in handled.Where(h => h.Value < watermark).Select(h => h.Key).ToList())
        {
            handled.Remove(upload);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = interval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var busy = await ScanPageAsync(stoppingToken);
                delay = busy ? interval : TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, idleInterval.Ticks));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Storage hiccups must not stop the watcher: log and list again (from the start of the container).
                continuation = null;
                LocalHostLogs.WatchFailed(logger, videos.Name, e.Message);
            }
            try
            {
                await Task.Delay(delay, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
