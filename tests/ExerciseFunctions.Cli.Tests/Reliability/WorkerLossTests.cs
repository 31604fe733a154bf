using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ExerciseFunctions.LocalHost;
using ExerciseFunctions.Pipeline.Starting;
using ExerciseFunctions.Pipeline.Storage;
using ExerciseFunctions.Testing;
using ExerciseFunctions.Testing.Azurite;
using Xunit.Abstractions;

namespace ExerciseFunctions.Cli.Tests.Reliability;

/// <summary>
/// Workers killed with SIGKILL in the middle of a classification: a later worker takes the work over and the upload
/// ends in exactly one row; a video on which every worker dies ends Failed instead of taking workers down for ever.
/// </summary>
public sealed class WorkerLossTests(ITestOutputHelper output) : IDisposable
{
    private const string Table = "classifications";
    private readonly GeneratedVideoDirectory videos = new();
    private readonly AzuriteFixture azurite = new();

    [Theory]
    [InlineData("Extracting")]
    [InlineData("ComputingFlow")]
    [InlineData("Inferring")]
    public async Task A_worker_killed_in_a_stage_is_replaced_and_the_upload_ends_in_one_completed_row(string stage)
    {
        await azurite.InitializeAsync();
        var run = new Run(azurite.ConnectionString, $"Loss{stage}", maxWorkerLosses: 3);
        var name = $"killed-in-{stage}.mp4";
        var clock = Stopwatch.StartNew();
        await run.UploadAsync(name, videos.Write(name, Clip()));

        await run.KillWhenAsync(name, s => s == stage, times: 1);
        var row = await run.WaitForTerminalRowAsync(name, ForKills(1));

        output.WriteLine($"killed in {stage}: {row.Status} after {clock.Elapsed.TotalSeconds:F1} s");
        Assert.Equal(ClassificationStatus.Completed, row.Status);
        Assert.Single(await run.RowsAsync(name));
        await run.DisposeAsync();
    }

    [Fact]
    public async Task A_video_that_kills_every_worker_ends_failed_after_the_allowed_losses()
    {
        await azurite.InitializeAsync();
        var run = new Run(azurite.ConnectionString, "CrashLoop", maxWorkerLosses: 2);
        const string name = "kills-workers.mp4";
        var clock = Stopwatch.StartNew();
        await run.UploadAsync(name, videos.Write(name, Clip()));

        var row = await run.KillOnEveryStepStartAsync(name, ForKills(2));

        output.WriteLine($"crash loop: {row.Status} after {clock.Elapsed.TotalSeconds:F1} s: {row.Error}");
        Assert.Equal(ClassificationStatus.Failed, row.Status);
        Assert.Contains("the worker stopped 2 times while processing this video", row.Error);
        Assert.Single(await run.RowsAsync(name));
        await run.DisposeAsync();
    }

    private const double ClipSeconds = 6;

    /// <summary>6 s of a moving square: long enough that each stage can be caught in progress.</summary>
    private static VideoSpec Clip() => new(320, 240, 25, FrameCount: (int)(ClipSeconds * 25));

    /// <summary>Each killed worker's share may be done again by the next: at worst the whole classification once more per kill.</summary>
    private static TimeSpan ForKills(int kills) => WorkDeadline.ForClassifications(kills + 1, ClipSeconds);

    public void Dispose()
    {
        videos.Dispose();
        azurite.DisposeAsync().GetAwaiter().GetResult();
    }

    /// <summary>One task hub, one `serve` at a time on it, and the storage the test watches.</summary>
    private sealed class Run(string connection, string taskHub, int maxWorkerLosses) : IAsyncDisposable
    {
        private readonly int port = LoopbackPorts.Free();
        private readonly HttpClient http = new();
        private readonly BlobContainerClient uploads = new BlobServiceClient(connection).GetBlobContainerClient("videos");
        private readonly TableClient rows = new TableServiceClient(connection).GetTableClient(Table);
        private ServeProcess serve = null!;

        private Dictionary<string, string?> Environment => new()
        {
            ["Pipeline__TaskHub"] = taskHub,
            ["Pipeline__MaxWorkerLosses"] = maxWorkerLosses.ToString(),
            ["Pipeline__WindowFrames"] = "16",
            ["Pipeline__WindowStride"] = "16",
            ["Pipeline__FlowChunkFrames"] = "16",
            ["Pipeline__InferenceThreads"] = "1",
        };

        private string instanceId = "";

        public async Task UploadAsync(string name, string path)
        {
            serve = await StartServeAsync();
            await uploads.CreateIfNotExistsAsync();
            var upload = await uploads.GetBlobClient(name).UploadAsync(path, overwrite: true);
            instanceId = ClassificationStarter.InstanceIdFor(uploads.Name, name, upload.Value.ETag.ToString());
        }

        /// <summary>
        /// A video that crashes its worker: every time a step of the classification starts (a new start in its attempt
        /// ledger), the worker is killed before the step can finish, and another is started, until the row ends.
        /// </summary>
        public async Task<ClassificationRow> KillOnEveryStepStartAsync(string name, TimeSpan timeout)
        {
            var work = new BlobServiceClient(connection).GetBlobContainerClient("work");
            await work.CreateIfNotExistsAsync(); // `serve` may not have created it yet
            var killedAt = new Dictionary<string, int>();
            return await WorkDeadline.PollAsync(timeout, async () =>
            {
                if ((await RowsAsync(name)).FirstOrDefault(r => r.Status != ClassificationStatus.Running) is { } row)
                {
                    return row;
                }
                await foreach (var blob in work.GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, WorkBlobs.Attempts(instanceId, ""), CancellationToken.None))
                {
                    var started = int.Parse(blob.Metadata["started"]);
                    if (started > killedAt.GetValueOrDefault(blob.Name) && await StillWorkingAsync(work.GetBlobClient(blob.Name), blob.Metadata["finished"]))
                    {
                        killedAt[blob.Name] = started;
                        await serve.DisposeAsync();
                        serve = await StartServeAsync();
                    }
                }
                return null;
            }, $"no terminal row for {name}");
        }

        /// <summary>Kills the serving process whenever the classification is in a matching stage, then starts another.</summary>
        public async Task KillWhenAsync(string name, Func<string, bool> stage, int times)
        {
            for (var kill = 0; kill < times; kill++)
            {
                await ServeProcess.WaitForStageAsync(http, port, name, stage, ForKills(0));
                await serve.DisposeAsync();
                serve = await StartServeAsync();
            }
        }

        /// <summary>`serve` on this test's storage and task hub; disposing it kills it (SIGKILL of its process tree).</summary>
        private Task<ServeProcess> StartServeAsync() => ServeProcess.StartAsync(Environment, "--connection", connection, "--port", port.ToString());

        /// <summary>
        /// A step that got past its ledger check is working a while later (its finish count unchanged); one the
        /// ledger refused has already recorded its end. Only the first is the crash this test simulates. A ledger gone
        /// meanwhile was cleaned up with the classification's other work blobs: it has ended.
        /// </summary>
        private static async Task<bool> StillWorkingAsync(BlobClient attempts, string finishedBefore)
        {
            await Task.Delay(300);
            try
            {
                return (await attempts.GetPropertiesAsync()).Value.Metadata["finished"] == finishedBefore;
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                return false;
            }
        }

        public Task<ClassificationRow> WaitForTerminalRowAsync(string name, TimeSpan deadline) =>
            WorkDeadline.PollAsync(deadline, async () => (await RowsAsync(name)).FirstOrDefault(r => r.Status != ClassificationStatus.Running), $"no terminal row for {name}");

        public async Task<List<ClassificationRow>> RowsAsync(string name)
        {
            await rows.CreateIfNotExistsAsync();
            var found = new List<ClassificationRow>();
            await foreach (var row in rows.QueryAsync<ClassificationRow>(r => r.BlobName == name))
            {
                found.Add(row);
            }
            return found;
        }

        public async ValueTask DisposeAsync()
        {
            await serve.DisposeAsync();
            http.Dispose();
        }
    }
}
