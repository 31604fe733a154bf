namespace ExerciseFunctions.Cli.Tests;

/// <summary>`exercise synth` end to end: real videos on disk, and one clear line for bad input.</summary>
public sealed class SynthCommandTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("synth-cli-").FullName;

    [Fact]
    public async Task Writes_the_requested_videos_and_reports_the_rate()
    {
        var outcome = await CliProcess.RunAsync("synth", "--out", folder, "--per-class", "2", "--seed", "3",
            "--sizes", "128x96", "--min-seconds", "1", "--max-seconds", "1.2", "--classes", "pull-up_correct", "push-up_upper-body-first");

        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
        var names = Directory.GetFiles(folder).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(4, names.Count);
        Assert.Equal(2, names.Count(n => n!.StartsWith("pull-up_correct_") && n.EndsWith(".mp4")));
        Assert.Equal(2, names.Count(n => n!.StartsWith("push-up_upper-body-first_") && n.EndsWith(".mp4")));
        Assert.Contains("videos/s", outcome.Stdout);
    }

    [Theory]
    [InlineData("--sizes", "640x", "Frame size")]
    [InlineData("--classes", "jumping-jack", "Unknown exercise class")]
    [InlineData("--per-class", "0", "per class")]
    public async Task Bad_input_is_one_error_line(string option, string value, string expected)
    {
        var outcome = await CliProcess.RunAsync("synth", "--out", folder, option, value);

        Assert.Equal(2, outcome.ExitCode);
        var line = Assert.Single(outcome.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error:", line);
        Assert.Contains(expected, line);
        Assert.DoesNotContain("   at ", outcome.Stderr + outcome.Stdout);
    }

    [Fact]
    public async Task Phone_codecs_without_ffmpeg_are_one_error_line()
    {
        var withoutFfmpeg = new Dictionary<string, string?> { ["PATH"] = folder };

        var outcome = await CliProcess.RunAsync(withoutFfmpeg, "synth", "--out", folder, "--per-class", "1", "--sizes", "128x96",
            "--min-seconds", "1", "--max-seconds", "1", "--classes", "pull-up_correct", "--codec", "H264");

        Assert.Equal(2, outcome.ExitCode);
        var line = Assert.Single(outcome.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("error: Encoding H264 needs the ffmpeg command, which was not found (tools/setup.sh installs it; Debian: apt-get install ffmpeg).", line);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
