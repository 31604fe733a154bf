using System.Text.Json;
using ExerciseFunctions.LocalHost;
using ExerciseFunctions.Pipeline.Activities;
using ExerciseFunctions.Pipeline.Orchestration;
using ExerciseFunctions.Pipeline.Storage;
using ExerciseFunctions.Pipeline.Tests.Fixtures;
using ExerciseFunctions.Testing;
using Microsoft.Extensions.Logging;

namespace ExerciseFunctions.Pipeline.Tests.EndToEnd;

/// <summary>A worker that stops mid-orchestration leaves its work to another worker on the same task hub.</summary>
[Collection(PipelineCollection.Name)]
public sealed class WorkerFailoverTests(PipelineHostFixture fixture)
{
    private const double ClipSeconds = 2.8;
    private static readonly TimeSpan Visibility = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Another_worker_takes_over_after_the_first_is_killed_and_the_upload_ends_in_one_row()
    {
        var configuration = PipelineHostFixture.SeparateConfiguration(fixture.ConnectionString, "Failover");
        const string name = "long enough.mp4";
        // At worst the second worker redoes all of the first one's work.
        var deadline = WorkDeadline.ForClassifications(2, ClipSeconds);

        var first = await StartWorkerAsync(configuration, "worker-a", new RecordedLogs());
        var upload = await first.Storage.Videos.GetBlobClient(name).UploadAsync(BinaryData.FromBytes(TestClips.Mp4(ClipSeconds, seed: 9)), overwrite: true);
        var (instanceId, started) = await first.Starter.StartAsync(first.Storage.Videos.Name, name, upload.Value.ETag.ToString(), sizeBytes: 1000);
        Assert.True(started);
        await WaitForFlowProgressAsync(first, instanceId, deadline);
        await first.Worker.StopAsync(abandon: true);
        await first.DisposeAsync();

        var secondLogs = new RecordedLogs();
        await using var second = await StartWorkerAsync(configuration, "worker-b", secondLogs);
        var row = await PipelineHostFixture.WaitForFinishedRowAsync(second, name, instanceId, deadline);

        Assert.Equal(ClassificationStatus.Completed, row.Status);
        Assert.Equal(70, row.FrameCount);
        Assert.Single(TableRows.OfVideo(fixture.ConnectionString, second.Storage.Videos.Name, name));
        // The handover itself: the second worker ran the rest (flow inference waits for every flow chunk) and not the
        // extraction, whose result was in the history before the kill.
        var ranBySecond = secondLogs.Records
            .Where(r => r.Category == typeof(LoggedActivity).FullName && r.EventId.Id == 2111 && r.Message.Contains(instanceId))
            .Select(r => r.Message.Split(' ')[1])
            .ToList();
        Assert.Contains(ActivityNames.InferFlow, ranBySecond);
        Assert.Contains(ActivityNames.WriteClassification, ranBySecond);
        Assert.DoesNotContain(ActivityNames.ExtractFrames, ranBySecond);
    }

    private static Task<LocalPipelineHost> StartWorkerAsync(Dictionary<string, string?> configuration, string workerId, RecordedLogs logs) =>
        LocalPipelineHost.StartAsync(new LocalHostSettings
        {
            Configuration = configuration,
            WorkerOnly = true,
            WorkerId = workerId,
            QueueVisibilityTimeout = Visibility,
            Logging = logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Information),
        });

    private static Task WaitForFlowProgressAsync(LocalPipelineHost host, string instanceId, TimeSpan deadline) =>
        WorkDeadline.UntilAsync(
            deadline,
            async () => (await host.Worker.Gateway.GetStateAsync(instanceId, CancellationToken.None))?.CustomStatusJson is { } json
                && JsonSerializer.Deserialize<PipelineProgress>(json, JsonSerializerOptions.Web) is { FlowChunksDone: > 0 },
            "The first worker never got to the flow stage.");
}
