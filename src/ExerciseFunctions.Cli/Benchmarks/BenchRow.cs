namespace ExerciseFunctions.Cli.Benchmarks;

/// <summary>
/// One measured line of the benchmark table: a median over repeated runs after a warm-up, and what it is compared
/// against (measured in the same run) as a ratio. <see cref="Metrics"/>: further named numbers of the row, for tools that
/// read the JSON (`exercise capacity` reads the scale rows').
/// </summary>
public sealed record BenchRow(
    string Stage,
    string Case,
    double Median,
    string Unit,
    int Runs,
    double? PeakRssMb = null,
    string? ComparedWith = null,
    double? Ratio = null,
    string? Note = null,
    IReadOnlyDictionary<string, double>? Metrics = null);
