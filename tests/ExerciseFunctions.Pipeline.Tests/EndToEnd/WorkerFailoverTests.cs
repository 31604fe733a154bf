using System.Text.Json;
using ExerciseFunctions.LocalHost;
using ExerciseFunctions.Pipeline.Orchestration;
using ExerciseFunctions.Pipeline.Storage;
using ExerciseFunctions.Pipeline.Tests.Fixtures;

namespace ExerciseFunctions.Pipeline.Tests.EndToEnd;

/// <summary>A worker that stops mid-orchestration leaves its work to another worker on the same task hub.</summary>
[Collection(PipelineCollection.Name)]
public sealed class WorkerFailoverTests(PipelineHostFixture fixture)
{
    private static readonly TimeSpan Visibility = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Another_worker_finishes_an_orchestration_whose_worker_stopped()
    {
        var configuration = PipelineHostFixture.SeparateConfiguration(fixture.ConnectionString, "Failover");
        const string name = "long enough.mp4";

        var first = await StartWorkerAsync(configuration, "worker-a");
        var upload = await first.Storage.Videos.GetBlobClient(name).UploadAsync(BinaryData.FromBytes(TestClips.Mp4(2.8, seed: 9)), overwrite: true);
        var (instanceId, started) = await first.Starter.StartAsync(first.Storage.Videos.Name, name, upload.Value.ETag.ToString(), sizeBytes: 1000);
        Assert.True(started);
        await WaitForFlowProgressAsync(first, instanceId);
        await first.Worker.StopAsync(abandon: true);
        await first.DisposeAsync();

        await using var second = await StartWorkerAsync(configuration, "worker-b");
        var row = await PipelineHostFixture.WaitForFinishedRowAsync(second, name, instanceId, TimeSpan.FromSeconds(120));

        Assert.Equal(ClassificationStatus.Completed, row.Status);
        Assert.Equal(70, row.FrameCount);
    }

    private static Task<LocalPipelineHost> StartWorkerAsync(Dictionary<string, string?> configuration, string workerId) =>
        LocalPipelineHost.StartAsync(new LocalHostSettings
        {
            Configuration = configuration,
            WorkerOnly = true,
            WorkerId = workerId,
            QueueVisibilityTimeout = Visibility,
        });

    private static async Task WaitForFlowProgressAsync(LocalPipelineHost host, string instanceId)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            var state = await host.Worker.Gateway.GetStateAsync(instanceId, CancellationToken.None);
            if (state?.CustomStatusJson is { } json
                && JsonSerializer.Deserialize<PipelineProgress>(json, JsonSerializerOptions.Web) is { FlowChunksDone: > 0 })
            {
                return;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException("The first worker never got to the flow stage.");
    }
}
