using ExerciseFunctions.Core.Models;
using ExerciseFunctions.Core.Video;

namespace ExerciseFunctions.Cli.Benchmarks;

/// <summary>Runs every benchmark stage in one process, one after the other, into one report.</summary>
internal static class BenchSuite
{
    public static Task<BenchReport> RunAsync(BenchSettings settings, Action<string> log, CancellationToken cancel)
    {
        var report = new BenchReport(MachineDescription());
        using var inputs = new BenchInputs();
        var models = DefaultModel.Ensure();

        log("generating inputs");
        var decodeInputs = DecodeCases(settings).Select(c => inputs.Clip(c.Width, c.Height, c.Portrait, c.Seconds)).ToList();
        foreach (var input in decodeInputs)
        {
            log($"decode: {input.Description}");
            report.Add(DecodeBench.Run(input, settings.Runs));
        }

        var frames = FirstFrames(decodeInputs[0].Path, settings.Quick ? 25 : 65);
        AddAll(report, FlowBench.Run(frames, settings.Runs, log));
        AddAll(report, InferenceBench.Run(settings, models, log));
        return Task.FromResult(report);
    }

    static IEnumerable<(int Width, int Height, bool Portrait, double Seconds)> DecodeCases(BenchSettings settings) => settings.Quick
        ? [(1920, 1080, true, 2)]
        : [(1920, 1080, true, 5), (1920, 1080, false, 5), (1280, 720, true, 5), (1280, 720, false, 5)];

    static IReadOnlyList<byte[]> FirstFrames(string path, int count)
    {
        using var reader = VideoClipReader.Open(path, new VideoReadOptions());
        return reader.ReadFrames().Take(count).ToList();
    }

    static void AddAll(BenchReport report, IEnumerable<BenchRow> rows)
    {
        foreach (var row in rows)
        {
            report.Add(row);
        }
    }

    static string MachineDescription()
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        var memoryKb = long.Parse(File.ReadLines("/proc/meminfo").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
        return $"{cpu}, {Environment.ProcessorCount} cores, {memoryKb / 1024 / 1024} GiB, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}";
    }
}
