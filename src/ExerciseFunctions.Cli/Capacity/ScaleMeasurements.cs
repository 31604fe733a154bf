using System.Text.Json;

namespace ExerciseFunctions.Cli.Capacity;

/// <summary>The numbers the capacity model takes from one scale row of a bench JSON (`bench --stage Scale --json`).</summary>
public sealed record ScaleMeasurements(
    string Case,
    double Workers,
    double VideoSecondsPerVideo,
    double WorkerCpuSecondsPerVideoMinute,
    double BlobWritesPerVideo,
    double BlobReadsPerVideo,
    double BlobListsPerVideo,
    double QueueOperationsPerVideo,
    double TableOperationsPerVideo,
    double BlobBytesWrittenPerVideo,
    double IdleRequestsPerMinute)
{
    public bool UsesStandIn => Case.Contains("STAND-IN", StringComparison.Ordinal);

    /// <summary>Every scale row of a bench report, in its order.</summary>
    /// <exception cref="InvalidDataException">The file has no scale rows, or one lacks a measurement.</exception>
    public static IReadOnlyList<ScaleMeasurements> Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        var rows = document.RootElement.GetProperty("rows").EnumerateArray()
            .Where(row => row.GetProperty("stage").GetString() == "scale")
            .Select(row =>
            {
                var name = row.GetProperty("case").GetString()!;
                if (!row.TryGetProperty("metrics", out var metrics) || metrics.ValueKind != JsonValueKind.Object)
                {
                    throw new InvalidDataException($"scale row '{name}' has no metrics.");
                }
                double Metric(string key) => metrics.TryGetProperty(key, out var value)
                    ? value.GetDouble()
                    : throw new InvalidDataException($"scale row '{name}' lacks '{key}'.");
                return new ScaleMeasurements(name, Metric("workers"), Metric("videoSecondsPerVideo"), Metric("workerCpuSecondsPerVideoMinute"),
                    Metric("blobWritesPerVideo"), Metric("blobReadsPerVideo"), Metric("blobListsPerVideo"), Metric("queueOperationsPerVideo"),
                    Metric("tableOperationsPerVideo"), Metric("blobBytesWrittenPerVideo"), Metric("idleRequestsPerMinute"));
            })
            .ToList();
        return rows.Count > 0 ? rows : throw new InvalidDataException("the bench JSON has no scale rows (run `exercise bench --stage Scale --json <file>`).");
    }
}
