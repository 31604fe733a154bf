namespace ExerciseFunctions.Cli.Benchmarks;

/// <summary>A generated video the benchmark runs on.</summary>
internal sealed record BenchInput(string Description, string Path);
