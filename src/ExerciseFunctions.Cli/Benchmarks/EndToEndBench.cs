using System.Diagnostics;
using System.Text.Json;
using ExerciseFunctions.Cli.Commands.Pipeline;
using ExerciseFunctions.Runtime.Classification;
using ExerciseFunctions.Runtime.Models;
using ExerciseFunctions.Runtime.Video;
using ExerciseFunctions.LocalHost;
using ExerciseFunctions.Pipeline.Configuration;
using ExerciseFunctions.Pipeline.Storage;

namespace ExerciseFunctions.Cli.Benchmarks;

/// <summary>One upload's measurements: wall time to its row, the host's peak RSS, and the activities' time on the critical path.</summary>
internal sealed record UploadRun(double EndToEndSeconds, double PeakRssMb, double ActivitySeconds, Dictionary<string, double> Timings);

/// <summary>
/// The whole pipeline on the local host (Azurite + the durable engine): upload to Completed row, split into the
/// activities' own time and the orchestration overhead (end to end minus the sum of activity times), next to the
/// same work done sequentially in-process (`classify`) in the same run. Then throughput for concurrent uploads
/// with one and two worker processes.
/// </summary>
internal sealed class EndToEndBench(LocalPipelineHost host, ModelDirectory models, Action<string> log)
{
    static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);
    static readonly string[] FannedOutTimings = ["flowMs", "rgbInferenceMs", "flowInferenceMs"];

    public static async Task<LocalPipelineHost> StartHostAsync(string azuriteFolder, CancellationToken cancel) =>
        await LocalPipelineHost.StartAsync(new LocalHostSettings
        {
            Configuration = new Dictionary<string, string?> { [PipelineCommandOptions.StorageConnectionKey] = "" },
            HttpPort = LoopbackPorts.Free(),
            AzuriteDirectory = azuriteFolder,
            AzuritePorts = null,
            WatchInterval = TimeSpan.FromMilliseconds(100),
        }, cancel);

    /// <summary>Uploads the same clip <paramref name="runs"/> times, one after the other, measuring each upload to its row.</summary>
    public async Task<IReadOnlyList<UploadRun>> UploadToRowAsync(BenchInput input, int runs, CancellationToken cancel)
    {
        log($"end to end: {input.Description}");
        var measured = new List<UploadRun>();
        for (var run = 0; run < runs; run++)
        {
            Measure.ResetPeakRss();
            var clock = Stopwatch.StartNew();
            var row = await Submission.SubmitAndWaitAsync(host.Storage, new FileInfo(input.Path), Timeout, cancel);
            var endToEnd = clock.Elapsed.TotalSeconds;
            var peakRss = Measure.PeakRssMb();
            RequireCompleted(row);
            var timings = JsonSerializer.Deserialize<Dictionary<string, double>>(row.TimingsJson!)!;
            measured.Add(new UploadRun(endToEnd, peakRss, CriticalPathSeconds(timings, host.Options.ActivityConcurrency), timings));
        }
        return measured;
    }

    /// <summary>
    /// The end-to-end and overhead rows: medians over the uploads, next to the same number of in-process runs.
    /// Call it after every upload has been measured, so the in-process runs' memory does not count toward the host's rows.
    /// </summary>
    public IEnumerable<BenchRow> CompareWithInProcess(BenchInput input, IReadOnlyList<UploadRun> uploads)
    {
        log($"in-process classify: {input.Description}");
        var inProcess = Measure.Median(uploads.Select(_ => InProcessSeconds(input.Path)).ToList());
        var endToEnd = Measure.Median(uploads.Select(u => u.EndToEndSeconds).ToList());
        var activitySeconds = Measure.Median(uploads.Select(u => u.ActivitySeconds).ToList());
        var overhead = Measure.Median(uploads.Select(u => u.EndToEndSeconds - u.ActivitySeconds).ToList());
        var median = uploads.OrderBy(u => u.EndToEndSeconds).ElementAt(uploads.Count / 2);
        return
        [
            new BenchRow("end to end (local host)", input.Description, endToEnd, "s upload→row", uploads.Count, Measure.Median(uploads.Select(u => u.PeakRssMb).ToList()),
                "in-process classify", endToEnd / inProcess,
                $"in-process {inProcess:F2} s; stages (median run): {Stages(median.Timings)}; peak RSS per run {string.Join(", ", uploads.Select(u => u.PeakRssMb))} MB"),
            new BenchRow("orchestration overhead", input.Description, overhead, "s", uploads.Count, null, "end to end", overhead / endToEnd,
                $"end to end minus the activities' time on the critical path ({activitySeconds:F2} s)"),
        ];
    }

    public async Task<BenchRow> ThroughputAsync(IReadOnlyList<BenchInput> uploads, int workerProcesses, CancellationToken cancel)
    {
        log($"throughput: {uploads.Count} uploads, {workerProcesses} worker process(es)");
        var extraWorkers = Enumerable.Range(0, workerProcesses - 1)
            .Select(_ => ServeProcess.Start(["--worker", "--connection", host.Options.StorageConnection], new Dictionary<string, string>())).ToList();
        try
        {
            await Task.WhenAll(extraWorkers.Select(w => w.ReadyAsync(TimeSpan.FromMinutes(1), cancel))); // joined the task hub
            Measure.ResetPeakRss();
            var clock = Stopwatch.StartNew();
            var rows = await Task.WhenAll(uploads.Select(u => Submission.SubmitAndWaitAsync(host.Storage, new FileInfo(u.Path), Timeout, cancel)));
            var minutes = clock.Elapsed.TotalMinutes;
            var completed = rows.Count(r => r.Status == ClassificationStatus.Completed);
            var workerRss = extraWorkers.Select(w => Measure.PeakRssMb(w.Id)).ToList();
            return new BenchRow("throughput", $"{uploads.Count} concurrent uploads, {workerProcesses} worker process(es)", uploads.Count / minutes, "videos/min", 1,
                Measure.PeakRssMb(), Note: $"{completed}/{uploads.Count} rows Completed{(workerRss.Count > 0 ? $"; extra worker peak RSS {string.Join(", ", workerRss)} MB" : "")}");
        }
        finally
        {
            foreach (var worker in extraWorkers)
            {
                await worker.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Frame extraction runs alone; the fanned-out flow and inference activities run <paramref name="concurrency"/>
    /// at a time, so their summed time divided by that is what they add to the wall clock.
    /// </summary>
    static double CriticalPathSeconds(Dictionary<string, double> timings, int concurrency) =>
        (timings.GetValueOrDefault("extractMs") + FannedOutTimings.Sum(name => timings.GetValueOrDefault(name)) / concurrency) / 1000;

    double InProcessSeconds(string path)
    {
        using var model = TwoStreamModel.Load(models, host.Options.Inference());
        var classifier = new VideoClassifier(model, host.Options.Method());
        var clock = Stopwatch.StartNew();
        classifier.Classify(path);
        return clock.Elapsed.TotalSeconds;
    }

    static void RequireCompleted(ClassificationRow row)
    {
        if (row.Status != ClassificationStatus.Completed)
        {
            throw new InvalidOperationException($"benchmark upload {row.BlobName} ended {row.Status}: {row.Error}");
        }
    }

    static string Stages(Dictionary<string, double> timings) =>
        string.Join(", ", timings.Where(t => t.Key.EndsWith("StageMs", StringComparison.Ordinal)).Select(t => $"{t.Key[..^7]} {t.Value / 1000:F2} s"));
}
