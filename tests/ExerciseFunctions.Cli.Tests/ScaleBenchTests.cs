using System.Diagnostics;
using System.Text.Json;

namespace ExerciseFunctions.Cli.Tests;

/// <summary>
/// `exercise bench --stage Scale`: one small row with the bench-only inference stand-in, its numbers checked against
/// bounds this test knows independently (its own clock, and the stand-in's fixed cost).
/// </summary>
public sealed class ScaleBenchTests
{
    private const int Clips = 4;
    private const double StandInSeconds = 1;

    [Fact]
    public async Task A_stand_in_row_reports_its_fields_and_a_rate_within_what_the_clock_and_the_stand_in_allow()
    {
        var json = Path.Combine(Path.GetTempPath(), $"scale-{Guid.NewGuid():N}.json");
        try
        {
            var clock = Stopwatch.StartNew();
            var outcome = await CliProcess.RunAsync(TimeSpan.FromMinutes(8), new Dictionary<string, string?>(),
                "bench", "--stage", "Scale", "--scale-clips", $"{Clips}", "--scale-workers", "1", "--scale-partitions", "1",
                "--scale-inference", "StandIn", "--scale-stand-in", $"{StandInSeconds}", "--json", json);
            var benchMinutes = clock.Elapsed.TotalMinutes;

            Assert.True(outcome.ExitCode == 0, outcome.Stderr);
            using var document = JsonDocument.Parse(await File.ReadAllTextAsync(json));
            var row = Assert.Single(document.RootElement.GetProperty("rows").EnumerateArray());
            Assert.Equal("scale", row.GetProperty("stage").GetString());
            Assert.Contains("STAND-IN", row.GetProperty("case").GetString());
            Assert.Equal("videos/min", row.GetProperty("unit").GetString());
            Assert.Equal(Clips, row.GetProperty("runs").GetInt32());
            var metrics = row.GetProperty("metrics");
            foreach (var key in ExpectedMetrics)
            {
                Assert.True(metrics.TryGetProperty(key, out _), $"missing metric {key}");
            }
            Assert.Equal(Clips, metrics.GetProperty("completed").GetDouble());

            var videosPerMinute = row.GetProperty("median").GetDouble();
            // The row is part of the bench process's run: it cannot have been slower than the whole process.
            Assert.True(videosPerMinute >= Clips / benchMinutes, $"{videosPerMinute} videos/min, below {Clips} in {benchMinutes:F2} min");
            // Each clip has one window per stream: 2 × 1 s of stand-in, two activities at a time on the one worker, so
            // the clips need at least Clips × 2 × 1 s / 2 of wall time.
            var fastestPossible = Clips / (Clips * 2 * StandInSeconds / 2 / 60);
            Assert.True(videosPerMinute <= fastestPossible, $"{videosPerMinute} videos/min, faster than the stand-in allows ({fastestPossible})");
            Assert.True(metrics.GetProperty("activitySeconds").GetDouble() >= 2 * StandInSeconds, "the activities' time leaves out the stand-in's");
            Assert.InRange(metrics.GetProperty("queueLatencySeconds").GetDouble(), 0, metrics.GetProperty("endToEndSeconds").GetDouble());
            Assert.True(metrics.GetProperty("storageRequestsPerVideo").GetDouble() > 0);
            // No message between the orchestration and its activities is large enough (45 KB) for the Azure Storage
            // backend to move it to a blob that every replay reads again.
            Assert.False(metrics.TryGetProperty("requestsPerVideo:scalebench-largemessages", out var largeMessages),
                $"{largeMessages} requests per video to the large-message container");
        }
        finally
        {
            File.Delete(json);
        }
    }

    static readonly string[] ExpectedMetrics =
    [
        "workers", "partitions", "standInSecondsPerWindow", "videos", "completed", "elapsedSeconds", "endToEndSeconds", "activitySeconds",
        "overheadSeconds", "queueLatencySeconds", "peakRssMbMax", "workerCpuSecondsPerVideoMinute", "storageRequestsPerVideo",
        "blobBytesWrittenPerVideo", "idleRequestsPerMinute",
    ];
}
