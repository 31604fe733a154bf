namespace ExerciseFunctions.Cli.Tests;

/// <summary>`exercise train` and `exercise evaluate` on bad input: a non-zero exit and one clear error line.</summary>
public sealed class TrainEvaluateBadInputTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("train-bad-").FullName;

    [Fact]
    public Task Train_refuses_a_missing_data_directory() =>
        AssertRefused(["train", "--data", Path.Combine(folder, "nowhere"), "--out", Path.Combine(folder, "model")], "not found");

    [Fact]
    public Task Train_refuses_zero_epochs() =>
        AssertRefused(["train", "--data", folder, "--out", Path.Combine(folder, "model"), "--epochs", "0"], "--epochs");

    [Fact]
    public Task Evaluate_refuses_a_directory_without_a_model() =>
        AssertRefused(["evaluate", "--data", folder, "--models", folder], "model file not found");

    [Fact]
    public Task Train_refuses_videos_named_without_a_class()
    {
        File.WriteAllBytes(Path.Combine(folder, "jumping-jack_front_1.mp4"), [0]);
        return AssertRefused(["train", "--data", folder, "--out", Path.Combine(folder, "model")], "cannot tell the class");
    }

    static async Task AssertRefused(string[] arguments, string expected)
    {
        var outcome = await CliProcess.RunAsync(arguments);

        Assert.Equal(2, outcome.ExitCode);
        var line = Assert.Single(outcome.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error:", line);
        Assert.Contains(expected, line, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", outcome.Stderr + outcome.Stdout);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
