using System.Text.Json;
using ExerciseFunctions.Runtime.Models;
using ExerciseFunctions.Testing;

namespace ExerciseFunctions.Cli.Tests;

/// <summary>`exercise demo` on a small given clip: its own Azurite, the durable pipeline in-process, the result printed.</summary>
public sealed class DemoCommandTests : IDisposable
{
    private readonly string home = ServeProcess.NewHome();
    private readonly GeneratedVideoDirectory videos = new();

    [Fact]
    public async Task Demo_classifies_the_given_video_through_the_pipeline_and_prints_its_row()
    {
        // 2 s at 25 fps, not the 5-s 1080x1920 sample the demo makes when given none.
        var video = videos.Write("demo squat.mp4", new VideoSpec(96, 72, 25, FrameCount: 50));
        var deadline = WorkDeadline.ForClassifications(1, videoSeconds: 2);

        var outcome = await CliProcess.RunAsync(ServeProcess.Environment(home), "demo", video, "--json", "--timeout", deadline.ToString("c"));

        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
        var row = JsonDocument.Parse(outcome.Stdout).RootElement;
        Assert.Equal("demo squat.mp4", row.GetProperty("blobName").GetString());
        Assert.Equal("Completed", row.GetProperty("status").GetString());
        Assert.Equal(50, row.GetProperty("frameCount").GetInt32());
        Assert.Equal(2.0, row.GetProperty("durationSeconds").GetDouble(), precision: 2);
        var probabilities = row.GetProperty("probabilities").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
        Assert.Equal(ExerciseClasses.Default, probabilities.Keys);
        Assert.Equal(1.0, probabilities.Values.Sum(), precision: 6);
        Assert.Equal(probabilities.MaxBy(p => p.Value).Key, row.GetProperty("label").GetString());
        Assert.StartsWith("classify-", row.GetProperty("instanceId").GetString());
        Assert.Matches(@"upload to row: [\d.]+ s; status URL \(while the demo ran\): http://127\.0\.0\.1:\d+/api/classifications/demo%20squat\.mp4", outcome.Stderr);
    }

    public void Dispose()
    {
        videos.Dispose();
        ServeProcess.DeleteHome(home);
    }
}
