using System.Text.Json;

namespace ExerciseFunctions.Cli.Tests;

/// <summary>`exercise bench --quick` produces its table and JSON (the numbers are measured, not asserted).</summary>
public sealed class BenchCommandTests
{
    [Fact]
    public async Task Quick_bench_writes_a_table_and_json_with_every_stage()
    {
        var (stdout, stages) = await RunBenchAsync("--quick");

        Assert.Contains("| stage | case | median |", stdout);
        Assert.All(ExpectedStagePrefixes, prefix => Assert.Contains(stages, s => s.StartsWith(prefix, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Stage_option_runs_only_the_chosen_parts()
    {
        var (_, stages) = await RunBenchAsync("--quick", "--stage", "Flow");

        Assert.NotEmpty(stages);
        Assert.All(stages, stage => Assert.StartsWith("flow ", stage));
    }

    /// <summary>Runs `bench` with a JSON file; returns stdout and the rows' stages, each row checked to have a positive median.</summary>
    static async Task<(string Stdout, IReadOnlyList<string> Stages)> RunBenchAsync(params string[] arguments)
    {
        var json = Path.Combine(Path.GetTempPath(), $"bench-{Guid.NewGuid():N}.json");
        try
        {
            var outcome = await CliProcess.RunAsync(["bench", .. arguments, "--json", json]);

            Assert.True(outcome.ExitCode == 0, outcome.Stderr);
            using var document = JsonDocument.Parse(await File.ReadAllTextAsync(json));
            var rows = document.RootElement.GetProperty("rows").EnumerateArray().ToList();
            Assert.All(rows, row => Assert.True(row.GetProperty("median").GetDouble() > 0));
            return (outcome.Stdout, rows.Select(row => row.GetProperty("stage").GetString()!).ToList());
        }
        finally
        {
            File.Delete(json);
        }
    }

    static readonly string[] ExpectedStagePrefixes = ["decode", "preprocess", "flow Farneback", "flow TvL1", "peak", "I3D RGB", "I3D Flow", "end to end", "orchestration overhead"];
}
