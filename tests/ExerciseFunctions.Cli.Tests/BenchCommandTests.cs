using System.Text.Json;
using ExerciseFunctions.Testing;

namespace ExerciseFunctions.Cli.Tests;

/// <summary>`exercise bench --quick` produces its table and JSON; flow speed is checked against what was measured here.</summary>
public sealed class BenchCommandTests
{
    [Fact]
    public async Task Quick_bench_writes_a_table_and_json_with_every_stage()
    {
        var (stdout, rows) = await RunBenchAsync("--quick");

        Assert.Contains("| stage | case | median |", stdout);
        Assert.All(ExpectedStagePrefixes, prefix => Assert.Contains(rows, row => row.Stage.StartsWith(prefix, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Stage_option_runs_only_the_chosen_parts_and_measures_flow_at_a_plausible_rate()
    {
        var (_, rows) = await RunBenchAsync("--quick", "--stage", "Flow");

        Assert.NotEmpty(rows);
        Assert.All(rows, row => Assert.StartsWith("flow ", row.Stage));
        // Farneback at 224x224 took 8-10 ms per pair on one core of this kind of machine (verified-on-this-machine.md):
        // ~100 pairs/s. A fiftieth to twenty times that allows a crowded machine; seconds per pair, pairs per
        // millisecond or a loop that computes nothing land far outside.
        var farneback = rows.Single(row => row is { Stage: "flow Farneback", Case: "1 thread" });
        Assert.Equal("pairs/s", farneback.Unit);
        Assert.InRange(farneback.Median, 2, 2000);
    }

    [Fact]
    public async Task Video_option_measures_the_given_clip_instead_of_generated_ones()
    {
        using var videos = new GeneratedVideoDirectory();
        var clip = videos.Write("from-my-phone.mp4", new VideoSpec(360, 640, 30, 30) { RotationDegrees = 90 });

        var (_, rows) = await RunBenchAsync("--quick", "--stage", "Preprocess", "--video", clip);

        Assert.Contains(rows, row => row is { Stage: "preprocess (decode+sample+resize+crop+flow)", Case: "from-my-phone.mp4 (given)" });
        Assert.Contains(rows, row => row is { Stage: "preprocess, OpenCV decoder", Case: "from-my-phone.mp4 (given)" });
        Assert.All(rows, row => Assert.Equal("from-my-phone.mp4 (given)", row.Case));
    }

    [Fact]
    public async Task Video_option_refuses_a_missing_file_before_measuring()
    {
        var outcome = await CliProcess.RunAsync("bench", "--stage", "Preprocess", "--video", "/nowhere/clip.mov");

        Assert.NotEqual(0, outcome.ExitCode);
        Assert.Contains("/nowhere/clip.mov", outcome.Stderr);
    }

    sealed record Row(string Stage, string Case, double Median, string Unit);

    /// <summary>Runs `bench` with a JSON file; returns stdout and the rows, each checked to have a positive median.</summary>
    static async Task<(string Stdout, IReadOnlyList<Row> Rows)> RunBenchAsync(params string[] arguments)
    {
        var json = Path.Combine(Path.GetTempPath(), $"bench-{Guid.NewGuid():N}.json");
        try
        {
            var outcome = await CliProcess.RunAsync(["bench", .. arguments, "--json", json]);

            Assert.True(outcome.ExitCode == 0, outcome.Stderr);
            using var document = JsonDocument.Parse(await File.ReadAllTextAsync(json));
            var rows = document.RootElement.GetProperty("rows").EnumerateArray().ToList();
            Assert.All(rows, row => Assert.True(row.GetProperty("median").GetDouble() > 0));
            return (outcome.Stdout, rows.Select(row => new Row(row.GetProperty("stage").GetString()!, row.GetProperty("case").GetString()!,
                row.GetProperty("median").GetDouble(), row.GetProperty("unit").GetString()!)).ToList());
        }
        finally
        {
            File.Delete(json);
        }
    }

    static readonly string[] ExpectedStagePrefixes = ["decode", "preprocess", "flow Farneback", "flow TvL1", "peak", "I3D RGB", "I3D Flow", "end to end", "orchestration overhead"];
}
