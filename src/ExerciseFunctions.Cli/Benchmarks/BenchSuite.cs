using ExerciseFunctions.Core.Models;

namespace ExerciseFunctions.Cli.Benchmarks;

/// <summary>Runs every benchmark stage in one process, one after the other, into one report.</summary>
internal static class BenchSuite
{
    public static Task<BenchReport> RunAsync(BenchSettings settings, Action<string> log, CancellationToken cancel)
    {
        var report = new BenchReport(MachineDescription());
        var models = DefaultModel.Ensure();
        foreach (var row in InferenceBench.Run(settings, models, log))
        {
            report.Add(row);
        }
        return Task.FromResult(report);
    }

    static string MachineDescription()
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        var memoryKb = long.Parse(File.ReadLines("/proc/meminfo").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
        return $"{cpu}, {Environment.ProcessorCount} cores, {memoryKb / 1024 / 1024} GiB, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}";
    }
}
