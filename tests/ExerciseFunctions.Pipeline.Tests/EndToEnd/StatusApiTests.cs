using System.Net;
using System.Text.Json;
using ExerciseFunctions.LocalHost;
using ExerciseFunctions.LocalHost.Http;
using ExerciseFunctions.Pipeline.Orchestration;
using ExerciseFunctions.Pipeline.Storage;
using ExerciseFunctions.Pipeline.Tests.Fixtures;
using ExerciseFunctions.Runtime.Models;
using ExerciseFunctions.Testing;

namespace ExerciseFunctions.Pipeline.Tests.EndToEnd;

[Collection(PipelineCollection.Name)]
public sealed class StatusApiTests(PipelineHostFixture fixture)
{
    [Fact]
    public async Task An_unknown_video_is_404()
    {
        using var response = await fixture.Http.GetAsync(fixture.StatusUrl("never-uploaded.mp4"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Shows_a_queued_upload_as_running_then_completed_with_the_result()
    {
        // A defined in-between state: the host that serves the API has stopped its worker, so the orchestration stays
        // Pending until a worker of its own task hub starts; no race with a fast classification.
        var configuration = PipelineHostFixture.SeparateConfiguration(fixture.ConnectionString, "Status");
        var port = LoopbackPorts.Free();
        await using var api = await LocalPipelineHost.StartAsync(new LocalHostSettings { Configuration = configuration, HttpPort = port, WorkerId = "status-api" });
        await api.Worker.StopAsync(abandon: false);
        const string name = "status/running.mp4";
        var upload = await api.Storage.Videos.GetBlobClient(name).UploadAsync(BinaryData.FromBytes(TestClips.Mp4(1.6, seed: 8)), overwrite: true);
        var (instanceId, _) = await api.Starter.StartAsync(api.Storage.Videos.Name, name, upload.Value.ETag.ToString(), sizeBytes: 1000);

        using (var queued = await GetAsync(StatusApi.StatusUrl(port, name)))
        {
            var root = queued.RootElement;
            Assert.Equal(ClassificationStatus.Running, root.GetProperty("status").GetString());
            Assert.Equal("Pending", root.GetProperty("runtimeStatus").GetString());
            Assert.Equal(instanceId, root.GetProperty("instanceId").GetString());
            Assert.Equal(JsonValueKind.Null, root.GetProperty("label").ValueKind);
        }
        await using var worker = await LocalPipelineHost.StartAsync(new LocalHostSettings { Configuration = configuration, WorkerOnly = true, WorkerId = "status-worker" });
        // The row is written just before the orchestration ends: the runtime status follows a moment later.
        using var completed = await WorkDeadline.PollAsync(PipelineHostFixture.OneUpload, async () =>
        {
            var body = await GetAsync(StatusApi.StatusUrl(port, name));
            if (body.RootElement.GetProperty("runtimeStatus").GetString() == "Completed")
            {
                return body;
            }
            body.Dispose();
            return null;
        }, $"{name} did not complete.");
        var result = completed.RootElement;
        Assert.Equal(ClassificationStatus.Completed, result.GetProperty("status").GetString());
        Assert.Equal(instanceId, result.GetProperty("instanceId").GetString());
        Assert.Equal(ExerciseClasses.Default, result.GetProperty("probabilities").EnumerateObject().Select(p => p.Name));
        Assert.Equal(40, result.GetProperty("frameCount").GetInt32());
        Assert.False(string.IsNullOrEmpty(result.GetProperty("label").GetString()));
        // 40 frames: chunks of 8 and windows of 16 every 16, the last one ending on the last frame (worked by hand).
        var progress = result.GetProperty("progress");
        Assert.Equal(PipelineStages.Completed, progress.GetProperty("stage").GetString());
        Assert.Equal((5, 5), (progress.GetProperty("flowChunksTotal").GetInt32(), progress.GetProperty("flowChunksDone").GetInt32()));
        Assert.Equal((6, 6), (progress.GetProperty("windowsTotal").GetInt32(), progress.GetProperty("windowsDone").GetInt32()));
        // 16-frame windows start at frames 0, 16 and 24 (the one ending on the last frame), at 25 fps.
        var windows = result.GetProperty("windows").EnumerateArray().ToList();
        Assert.Equal([0, 0.64, 0.96], windows.Select(w => w.GetProperty("start").GetDouble()));
        Assert.Equal([0.64, 1.28, 1.6], windows.Select(w => w.GetProperty("end").GetDouble()));
        Assert.All(windows, w => Assert.Equal(6, w.GetProperty("probabilities").EnumerateObject().Count()));
    }

    [Fact]
    public async Task Shows_failed_with_the_reason()
    {
        const string name = "status/not-a-video.mp4";
        var instanceId = await fixture.UploadAsync(name, "plain text"u8.ToArray());
        await fixture.WaitForFinishedRowAsync(name, instanceId);

        using var failed = await GetAsync(fixture.StatusUrl(name));
        Assert.Equal(ClassificationStatus.Failed, failed.RootElement.GetProperty("status").GetString());
        Assert.Contains("not-a-video.mp4", failed.RootElement.GetProperty("error").GetString());
    }

    private async Task<JsonDocument> GetAsync(string url)
    {
        using var response = await fixture.Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }
}
