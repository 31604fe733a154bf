using System.Globalization;
using ExerciseFunctions.Cli.Commands.Pipeline;
using ExerciseFunctions.LocalHost;
using ExerciseFunctions.LocalHost.Azurite;
using ExerciseFunctions.Pipeline.Configuration;
using ExerciseFunctions.Pipeline.Starting;
using ExerciseFunctions.Pipeline.Storage;

namespace ExerciseFunctions.Cli.Benchmarks.Scale;

/// <summary>
/// Many uploads at once against N `exercise serve` processes (one full host that watches the uploads, the rest
/// `--worker`) sharing one fresh Azurite and task hub with a given partition count. Measures videos per minute, the
/// orchestration's overhead and queue latency per video, each worker's peak RSS and CPU, and the storage requests
/// (Azurite's access log) and bytes per video; first, the requests the idle workers make.
/// </summary>
internal sealed class ScaleBench(IReadOnlyList<BenchInput> clips, Action<string> log)
{
    private const string TaskHub = "ScaleBench";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(15);
    // Long enough for the idle workers' queue polling to back off to its slowest (1 s locally).
    private static readonly TimeSpan IdleWindow = TimeSpan.FromSeconds(10);
    private static readonly PipelineOptions Defaults = new();

    public async Task<BenchRow> RunAsync(ScaleCase scale, CancellationToken cancel)
    {
        log($"scale: {clips.Count} uploads, {scale.Description}");
        var folder = Directory.CreateTempSubdirectory("exercise-scale-azurite-");
        var traffic = NewTraffic();
        try
        {
            await using var azurite = await StartAzuriteAsync(folder.FullName, line => Volatile.Read(ref traffic).Record(line), cancel);
            var workers = StartWorkers(scale, azurite.ConnectionString);
            try
            {
                await Task.WhenAll(workers.Select(w => w.ReadyAsync(StartTimeout, cancel)));
                await Task.Delay(IdleWindow, cancel);
                var idle = Interlocked.Exchange(ref traffic, NewTraffic());
                var cpuBefore = workers.Select(w => Measure.CpuSecondsWithChildren(w.Id)).ToList();
                var azuriteCpuBefore = Measure.CpuSecondsWithChildren(azurite.ProcessId);

                var startedAt = DateTimeOffset.UtcNow;
                var samples = await UploadAndWaitAsync(azurite.ConnectionString, cancel);

                var cpu = workers.Select((w, i) => Measure.CpuSecondsWithChildren(w.Id) - cpuBefore[i]).ToList();
                var peakRss = workers.Select(w => Measure.PeakRssMb(w.Id)).ToList();
                var azuriteCpu = Measure.CpuSecondsWithChildren(azurite.ProcessId) - azuriteCpuBefore;
                var blobBytesWritten = DirectoryBytes(Path.Combine(folder.FullName, "__blobstorage__"));
                return Row(scale, samples, startedAt, cpu, peakRss, azuriteCpu, idle, traffic, blobBytesWritten);
            }
            finally
            {
                foreach (var worker in workers)
                {
                    await worker.DisposeAsync();
                }
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>
    /// On free ports, tried three times: a port found free can be taken by another process before Azurite binds it
    /// (seen on this shared machine: Azurite exited at start).
    /// </summary>
    private static async Task<AzuriteServer> StartAzuriteAsync(string folder, Action<string> accessLog, CancellationToken cancel)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await AzuriteServer.StartOrReuseAsync(folder, accessLog: accessLog, cancellationToken: cancel);
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
            }
        }
    }

    private static StorageTraffic NewTraffic() => new(TaskHub, Defaults.VideosContainer, Defaults.WorkContainer, Defaults.ClassificationsTable);

    /// <summary>The first process is a whole local host (it notices the uploads and starts their orchestrations); the others only work.</summary>
    private static List<ServeProcess> StartWorkers(ScaleCase scale, string connection)
    {
        var environment = new Dictionary<string, string>
        {
            [$"{PipelineOptions.SectionName}__{nameof(PipelineOptions.TaskHub)}"] = TaskHub,
            [$"{PipelineOptions.SectionName}__{nameof(PipelineOptions.BenchInferenceStandIn)}"] = scale.StandIn.ToString("c", CultureInfo.InvariantCulture),
        };
        string[] shared = ["--connection", connection, "--partitions", scale.Partitions.ToString(CultureInfo.InvariantCulture)];
        return Enumerable.Range(0, scale.Workers)
            .Select(i => ServeProcess.Start(i == 0 ? [.. shared, "--port", LoopbackPorts.Free().ToString(CultureInfo.InvariantCulture)] : ["--worker", .. shared], environment))
            .ToList();
    }

    /// <summary>Uploads every clip at once, then reads the table (one scan every half second) until each has its row.</summary>
    private async Task<IReadOnlyList<ScaleSample>> UploadAndWaitAsync(string connection, CancellationToken cancel)
    {
        var storage = StorageTarget.Open(PipelineCommandOptions.Resolve(connection, clientDefaultsToAzurite: false), account: null, TimeSpan.FromSeconds(30));
        var uploads = await Task.WhenAll(clips.Select(async clip =>
        {
            var name = Path.GetFileName(clip.Path);
            var upload = await storage.Videos.GetBlobClient(name).UploadAsync(clip.Path, overwrite: true, cancel);
            return (InstanceId: ClassificationStarter.InstanceIdFor(storage.Videos.Name, name, upload.Value.ETag.ToString()), UploadedAt: DateTimeOffset.UtcNow);
        }));
        var uploadedAt = uploads.ToDictionary(u => u.InstanceId, u => u.UploadedAt);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        deadline.CancelAfter(RunTimeout);
        while (true)
        {
            var finished = new List<ScaleSample>();
            await foreach (var row in storage.Classifications.FinishedAsync(deadline.Token))
            {
                if (uploadedAt.TryGetValue(row.InstanceId, out var at))
                {
                    finished.Add(new ScaleSample(at, row));
                }
            }
            if (finished.Count == uploads.Length)
            {
                return finished;
            }
            await Task.Delay(500, deadline.Token);
        }
    }

    private static BenchRow Row(ScaleCase scale, IReadOnlyList<ScaleSample> samples, DateTimeOffset startedAt, IReadOnlyList<double> cpu, IReadOnlyList<double> peakRss,
        double azuriteCpu, StorageTraffic idle, StorageTraffic traffic, long blobBytesWritten)
    {
        var videos = samples.Count;
        var completed = samples.Count(s => s.Row.Status == ClassificationStatus.Completed);
        // From the start of the first upload to the last row written (the pipeline's clock, not the table scan's).
        var span = samples.Max(s => s.Row.FinishedAt!.Value) - startedAt;
        var videoMinutes = samples.Sum(s => s.Row.DurationSeconds ?? 0) / 60;
        double PerVideo(double value) => value / videos;
        var metrics = new Dictionary<string, double>
        {
            ["workers"] = scale.Workers,
            ["partitions"] = scale.Partitions,
            ["standInSecondsPerWindow"] = scale.StandIn.TotalSeconds,
            ["videos"] = videos,
            ["completed"] = completed,
            ["elapsedSeconds"] = span.TotalSeconds,
            ["videoSecondsPerVideo"] = videoMinutes * 60 / videos,
            ["endToEndSeconds"] = Measure.Median(samples.Select(s => s.EndToEndSeconds).ToList()),
            ["activitySeconds"] = Measure.Median(samples.Select(s => s.ActivitySeconds).ToList()),
            ["overheadSeconds"] = Measure.Median(samples.Select(s => s.OverheadSeconds).ToList()),
            ["queueLatencySeconds"] = Measure.Median(samples.Select(s => s.QueueLatencySeconds).ToList()),
            ["noticeSeconds"] = Measure.Median(samples.Select(s => s.NoticeSeconds).ToList()),
            ["peakRssMbMax"] = peakRss.Max(),
            ["workerCpuSeconds"] = cpu.Sum(),
            ["workerCpuSecondsPerVideoMinute"] = cpu.Sum() / videoMinutes,
            ["azuriteCpuSeconds"] = azuriteCpu,
            ["blobWritesPerVideo"] = PerVideo(traffic[StorageOperation.BlobWrite]),
            ["blobReadsPerVideo"] = PerVideo(traffic[StorageOperation.BlobRead]),
            ["blobListsPerVideo"] = PerVideo(traffic[StorageOperation.BlobList]),
            ["blobDeletesPerVideo"] = PerVideo(traffic[StorageOperation.BlobDelete]),
            ["queueOperationsPerVideo"] = PerVideo(traffic[StorageOperation.Queue]),
            ["tableOperationsPerVideo"] = PerVideo(traffic[StorageOperation.Table]),
            ["storageRequestsPerVideo"] = PerVideo(traffic.PipelineRequests),
            ["blobBytesWrittenPerVideo"] = PerVideo(blobBytesWritten),
            ["responseBytesPerVideo"] = PerVideo(traffic.ResponseBytes),
            ["idleRequestsPerMinute"] = idle.PipelineRequests / IdleWindow.TotalMinutes,
            ["idleQueueOperationsPerMinute"] = idle[StorageOperation.Queue] / IdleWindow.TotalMinutes,
        };
        foreach (var (resource, count) in traffic.ByResource)
        {
            metrics[$"requestsPerVideo:{resource}"] = PerVideo(count);
        }
        var note = string.Join("; ",
            $"{completed}/{videos} Completed in {span.TotalSeconds:F1} s",
            $"median upload→row {metrics["endToEndSeconds"]:F1} s, in activities {metrics["activitySeconds"]:F1} s, overhead {metrics["overheadSeconds"]:F1} s, queue latency {metrics["queueLatencySeconds"]:F2} s (noticing the upload {metrics["noticeSeconds"]:F2} s)",
            $"peak RSS per worker {string.Join(", ", peakRss.Select(r => r.ToString("F0", CultureInfo.InvariantCulture)))} MB",
            $"worker CPU {metrics["workerCpuSecondsPerVideoMinute"]:F0} s per video minute (Azurite {azuriteCpu:F0} s in all)",
            $"storage {metrics["storageRequestsPerVideo"]:F0} requests/video (blob {metrics["blobWritesPerVideo"] + metrics["blobReadsPerVideo"] + metrics["blobListsPerVideo"] + metrics["blobDeletesPerVideo"]:F0}, queue {metrics["queueOperationsPerVideo"]:F0}, table {metrics["tableOperationsPerVideo"]:F0}), {metrics["blobBytesWrittenPerVideo"] / 1e6:F1} MB blob written/video; idle {metrics["idleRequestsPerMinute"]:F0} requests/min");
        return new BenchRow("scale", scale.Description, videos / span.TotalMinutes, "videos/min", videos, peakRss.Max(), Note: note, Metrics: metrics);
    }

    private static long DirectoryBytes(string path) =>
        Directory.Exists(path) ? new DirectoryInfo(path).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) : 0;
}
