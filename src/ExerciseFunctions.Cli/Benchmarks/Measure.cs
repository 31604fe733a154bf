using System.Diagnostics;
using System.Runtime;

namespace ExerciseFunctions.Cli.Benchmarks;

/// <summary>Timing and memory measurement: medians after a warm-up, and the process's peak resident set.</summary>
public static class Measure
{
    /// <summary>Runs <paramref name="action"/> <paramref name="warmups"/> times unmeasured, then returns the median seconds.</summary>
    public static double MedianSeconds(Action action, int runs, int warmups = 1)
    {
        for (var i = 0; i < warmups; i++)
        {
            action();
        }
        var seconds = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            action();
            seconds[i] = clock.Elapsed.TotalSeconds;
        }
        return Median(seconds);
    }

    /// <summary>
    /// Runs <paramref name="measured"/> and also returns this process's CPU time over the wall time it took: how many
    /// cores it kept busy on average (2.0: both of two cores throughout).
    /// </summary>
    public static (T Result, double CoresBusy) WithCoresBusy<T>(Func<T> measured)
    {
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var result = measured();
        var wall = clock.Elapsed;
        process.Refresh();
        return (result, (process.TotalProcessorTime - cpuBefore) / wall);
    }

    /// <summary>
    /// CPU seconds used so far by a process (0: this one) and by its child processes that have ended (user + system,
    /// from /proc/&lt;pid&gt;/stat): the difference over a measurement counts an ffmpeg command's work with ours.
    /// </summary>
    public static double CpuSecondsWithChildren(int processId = 0)
    {
        const double ticksPerSecond = 100; // USER_HZ on Linux
        var fields = File.ReadAllText(processId == 0 ? "/proc/self/stat" : $"/proc/{processId}/stat").Split(')')[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // After the command name: state is field 3; utime, stime, cutime, cstime are fields 14–17.
        return fields[11..15].Sum(field => long.Parse(field, System.Globalization.CultureInfo.InvariantCulture)) / ticksPerSecond;
    }

    public static double Median(IReadOnlyCollection<double> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>
    /// Resets the kernel's peak-RSS mark (VmHWM) of this process, so the next reading covers only what follows;
    /// first collects (compacting the large-object heap) so the mark starts from live memory, not earlier rows' garbage.
    /// </summary>
    public static void ResetPeakRss()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        File.WriteAllText("/proc/self/clear_refs", "5");
    }

    /// <summary>Peak resident set (VmHWM) of a process in MB, from /proc.</summary>
    public static double PeakRssMb(int processId = 0) => StatusMb("VmHWM:", processId);

    /// <summary>This process's resident set now (VmRSS) in MB.</summary>
    public static double ResidentMb() => StatusMb("VmRSS:", 0);

    static double StatusMb(string field, int processId)
    {
        var path = processId == 0 ? "/proc/self/status" : $"/proc/{processId}/status";
        var line = File.ReadLines(path).First(l => l.StartsWith(field, StringComparison.Ordinal));
        var kilobytes = long.Parse(line[field.Length..].Trim().Split(' ')[0]);
        return Math.Round(kilobytes / 1024.0, 1);
    }
}
