using ExerciseFunctions.Testing;

namespace ExerciseFunctions.Cli.Tests;

/// <summary>`exercise classify` on bad input: a non-zero exit and one clear error line, no stack trace.</summary>
public sealed class ClassifyBadInputTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("classify-bad-").FullName;

    [Fact]
    public Task Missing_file_is_refused() =>
        AssertRefused(Path.Combine(folder, "nowhere.mp4"), "not found");

    [Fact]
    public Task Zero_byte_file_is_refused() =>
        AssertRefused(Write("empty.mp4", []), "empty");

    [Fact]
    public Task Text_file_named_mp4_is_refused() =>
        AssertRefused(Write("notes.mp4", "these are not video frames\n"u8.ToArray()), "video");

    [Fact]
    public Task Three_frame_video_is_refused() =>
        AssertRefused(GeneratedVideos.Write(Path.Combine(folder, "three.mp4"), new VideoSpec(320, 240, 30, 3)), "short");

    string Write(string name, byte[] content)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    internal static async Task AssertRefused(string path, string expectedWord)
    {
        var outcome = await CliProcess.RunAsync("classify", path);

        Assert.NotEqual(0, outcome.ExitCode);
        var errorLines = outcome.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(errorLines);
        Assert.StartsWith("error:", line);
        Assert.Contains(expectedWord, line, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", outcome.Stderr + outcome.Stdout);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
