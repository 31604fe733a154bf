using System.Net;
using System.Net.Sockets;

namespace ExerciseFunctions.Cli.Tests;

/// <summary>The pipeline commands fail with one clear line and a non-zero exit, never a stack trace.</summary>
public sealed class PipelineCommandErrorTests
{
    [Fact]
    public async Task StatusWithoutARunningHostSaysHowToStartOne()
    {
        var outcome = await CliProcess.RunAsync("status", "squat.mp4", "--api", $"http://127.0.0.1:{ClosedPort()}");

        AssertOneErrorLine(outcome, "exercise serve");
        Assert.Equal(3, outcome.ExitCode);
    }

    [Fact]
    public async Task SubmitOfAMissingFileIsRefused()
    {
        var outcome = await CliProcess.RunAsync("submit", Path.Combine(Path.GetTempPath(), "no-such-video.mp4"), "--timeout", "00:00:05");

        AssertOneErrorLine(outcome, "not found");
        Assert.Equal(2, outcome.ExitCode);
    }

    private static void AssertOneErrorLine(CliProcess.Outcome outcome, string expected)
    {
        Assert.NotEqual(0, outcome.ExitCode);
        var line = Assert.Single(outcome.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error:", line);
        Assert.Contains(expected, line);
        Assert.DoesNotContain("   at ", outcome.Stderr + outcome.Stdout);
    }

    /// <summary>A loopback port nothing listens on: taken from the OS, then released.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
