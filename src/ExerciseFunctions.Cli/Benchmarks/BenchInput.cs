namespace ExerciseFunctions.Cli.Benchmarks;

/// <summary>A video the benchmark runs on: generated, or given on the command line.</summary>
internal sealed record BenchInput(string Description, string Path)
{
    public static BenchInput Given(string path) => new($"{System.IO.Path.GetFileName(path)} (given)", path);
}
