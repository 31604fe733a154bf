using System.Text.Json;

namespace ExerciseFunctions.Cli.Tests;

/// <summary>`exercise bench --quick` produces its table and JSON (the numbers are measured, not asserted).</summary>
public sealed class BenchCommandTests
{
    [Fact]
    public async Task Quick_bench_writes_a_table_and_json_with_every_stage()
    {
        var json = Path.Combine(Path.GetTempPath(), $"bench-{Guid.NewGuid():N}.json");
        try
        {
            var outcome = await CliProcess.RunAsync("bench", "--quick", "--json", json);

            Assert.True(outcome.ExitCode == 0, outcome.Stderr);
            Assert.Contains("| stage | case | median |", outcome.Stdout);
            using var document = JsonDocument.Parse(await File.ReadAllTextAsync(json));
            var stages = document.RootElement.GetProperty("rows").EnumerateArray()
                .Select(row => row.GetProperty("stage").GetString()!)
                .ToList();
            Assert.All(BenchCommandTests.ExpectedStagePrefixes, prefix => Assert.Contains(stages, s => s.StartsWith(prefix, StringComparison.Ordinal)));
            Assert.All(document.RootElement.GetProperty("rows").EnumerateArray(), row => Assert.True(row.GetProperty("median").GetDouble() > 0));
        }
        finally
        {
            File.Delete(json);
        }
    }

    static readonly string[] ExpectedStagePrefixes = ["peak", "I3D RGB", "I3D Flow"];
}
