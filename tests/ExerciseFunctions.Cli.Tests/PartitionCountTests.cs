namespace ExerciseFunctions.Cli.Tests;

/// <summary>A partition count the Azure Storage backend does not allow (1–16) is refused before anything starts.</summary>
public sealed class PartitionCountTests
{
    [Theory]
    [InlineData("serve --partitions 17", "--partitions must be 1 to 16")]
    [InlineData("serve --partitions 0", "--partitions must be 1 to 16")]
    [InlineData("bench --stage Scale --scale-partitions 4 17", "--scale-partitions must be 1 to 16")]
    public async Task Out_of_range_partition_counts_are_usage_errors(string commandLine, string error)
    {
        var outcome = await CliProcess.RunAsync(TimeSpan.FromSeconds(30), new Dictionary<string, string?>(), commandLine.Split(' '));

        Assert.NotEqual(0, outcome.ExitCode);
        Assert.Contains(error, outcome.Stderr);
    }
}
