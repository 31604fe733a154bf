using System.Net;
using System.Text.Json;
using ExerciseFunctions.Pipeline.Storage;
using ExerciseFunctions.Pipeline.Tests.Fixtures;

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
    public async Task Shows_running_with_progress_then_completed_with_the_result()
    {
        const string name = "status/running.mp4";
        var upload = await fixture.Videos.GetBlobClient(name).UploadAsync(BinaryData.FromBytes(TestClips.Mp4(1.6, seed: 8)), overwrite: true);
        var (instanceId, _) = await fixture.Host.Starter.StartAsync(fixture.Videos.Name, name, upload.Value.ETag.ToString(), sizeBytes: 1000);

        using (var running = await GetAsync(name))
        {
            Assert.Equal(ClassificationStatus.Running, running.RootElement.GetProperty("status").GetString());
            Assert.Equal(instanceId, running.RootElement.GetProperty("instanceId").GetString());
        }
        await fixture.WaitForFinishedRowAsync(name, instanceId);
        using var completed = await GetUntilAsync(name, body => body.RootElement.GetProperty("runtimeStatus").GetString() == "Completed");
        var root = completed.RootElement;
        Assert.Equal(ClassificationStatus.Completed, root.GetProperty("status").GetString());
        Assert.Equal("Completed", root.GetProperty("runtimeStatus").GetString());
        Assert.Equal(6, root.GetProperty("probabilities").EnumerateObject().Count());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("label").GetString()));
        // 1.6 s at 25 fps = 40 frames; 16-frame windows start at frames 0, 16 and 24 (the one ending on the last frame).
        var windows = root.GetProperty("windows").EnumerateArray().ToList();
        Assert.Equal([0, 0.64, 0.96], windows.Select(w => w.GetProperty("start").GetDouble()));
        Assert.Equal([0.64, 1.28, 1.6], windows.Select(w => w.GetProperty("end").GetDouble()));
        Assert.All(windows, w => Assert.Equal(6, w.GetProperty("probabilities").EnumerateObject().Count()));
        var progress = root.GetProperty("progress");
        Assert.Equal(progress.GetProperty("flowChunksTotal").GetInt32(), progress.GetProperty("flowChunksDone").GetInt32());
        Assert.Equal(progress.GetProperty("windowsTotal").GetInt32(), progress.GetProperty("windowsDone").GetInt32());
    }

    [Fact]
    public async Task Shows_failed_with_the_reason()
    {
        const string name = "status/not-a-video.mp4";
        var instanceId = await fixture.UploadAsync(name, "plain text"u8.ToArray());
        await fixture.WaitForFinishedRowAsync(name, instanceId);

        using var failed = await GetAsync(name);
        Assert.Equal(ClassificationStatus.Failed, failed.RootElement.GetProperty("status").GetString());
        Assert.Contains("not-a-video.mp4", failed.RootElement.GetProperty("error").GetString());
    }

    /// <summary>The row is written just before the orchestration ends: give the runtime status a moment to follow.</summary>
    private async Task<JsonDocument> GetUntilAsync(string name, Func<JsonDocument, bool> done)
    {
        for (var attempt = 0; ; attempt++)
        {
            var body = await GetAsync(name);
            if (done(body) || attempt == 100)
            {
                return body;
            }
            body.Dispose();
            await Task.Delay(100);
        }
    }

    private async Task<JsonDocument> GetAsync(string name)
    {
        using var response = await fixture.Http.GetAsync(fixture.StatusUrl(name));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }
}
