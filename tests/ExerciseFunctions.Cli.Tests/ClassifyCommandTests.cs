using System.Text.Json;
using ExerciseFunctions.Runtime.Models;
using ExerciseFunctions.Testing;

namespace ExerciseFunctions.Cli.Tests;

/// <summary>`exercise classify --json` on a phone-style portrait video and on a landscape .mp4.</summary>
public sealed class ClassifyCommandTests : IDisposable
{
    private readonly GeneratedVideoDirectory videos = new();

    [Theory]
    [InlineData("phone.mp4", 1080, 1920, 30, 90)]
    [InlineData("landscape.mp4", 1280, 720, 30, 0)]
    public async Task Classify_prints_every_class_probability_and_the_stage_timings(string name, int width, int height, double fps, int rotation)
    {
        var video = videos.Write(name, new VideoSpec(width, height, fps, FrameCount: 45) { RotationDegrees = rotation });

        var outcome = await CliProcess.RunAsync("classify", video, "--json");

        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
        var result = JsonDocument.Parse(outcome.Stdout).RootElement;
        var probabilities = result.GetProperty("probabilities").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
        Assert.Equal(ExerciseClasses.Default, probabilities.Keys);
        Assert.Equal(1.0, probabilities.Values.Sum(), precision: 5);
        Assert.Equal(probabilities.MaxBy(p => p.Value).Key, result.GetProperty("label").GetString());
        Assert.Equal(6, result.GetProperty("rgbLogits").GetArrayLength());
        Assert.Equal(6, result.GetProperty("flowLogits").GetArrayLength());
        // 45 frames at 30 fps last 1.5 s: ceil(25 x 1.5) = 38 samples at 25 fps (the last source frame repeats).
        Assert.Equal(38, result.GetProperty("frames").GetInt32());
        Assert.Equal(25, result.GetProperty("fps").GetDouble());
        Assert.Equal(1.5, result.GetProperty("durationSeconds").GetDouble(), precision: 2);
        var timings = result.GetProperty("timingsMs").EnumerateObject().Select(t => t.Name).ToList();
        Assert.Equal(["decodeMs", "flowMs", "rgbInferenceMs", "flowInferenceMs", "totalMs"], timings);
        Assert.Equal(12, result.GetProperty("modelVersion").GetString()!.Length);
        // 38 frames make one window (looped to 64 frames) covering the video once: 0 to 38 / 25 = 1.52 s.
        var window = Assert.Single(result.GetProperty("windows").EnumerateArray().ToList());
        Assert.Equal(0, window.GetProperty("start").GetDouble());
        Assert.Equal(1.52, window.GetProperty("end").GetDouble(), precision: 9);
        Assert.Equal(ExerciseClasses.Default, window.GetProperty("probabilities").EnumerateObject().Select(p => p.Name));
        Assert.Contains(window.GetProperty("label").GetString(), ExerciseClasses.Default);
    }

    [Fact]
    public async Task Classify_prints_the_timeline_of_its_windows()
    {
        // 100 frames at 25 fps: windows at frames 0 and 36 (the one that ends on the last frame), 0-2.56 s and 1.44-4.00 s.
        var video = videos.Write("timeline.mp4", new VideoSpec(640, 360, 25, FrameCount: 100));

        var outcome = await CliProcess.RunAsync("classify", video);

        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
        var rows = outcome.Stdout.Split('\n').Where(line => ExerciseClasses.Default.Any(line.Contains) && line.Contains('%')).ToList();
        Assert.Contains("timeline", outcome.Stdout);
        Assert.Single(rows, line => line.Contains("0.00") && line.Contains("2.56"));
        Assert.Single(rows, line => line.Contains("1.44") && line.Contains("4.00"));
    }

    [Fact]
    public async Task A_grey_screen_is_not_an_exercise()
    {
        var video = videos.Write("grey.mp4", new VideoSpec(640, 360, 25, FrameCount: 63) { Draw = (frame, _) => frame.SetTo(new OpenCvSharp.Scalar(128, 128, 128)) });

        var outcome = await CliProcess.RunAsync("classify", video, "--json");

        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
        Assert.False(JsonDocument.Parse(outcome.Stdout).RootElement.GetProperty("recognized").GetBoolean());
    }

    public void Dispose() => videos.Dispose();
}
