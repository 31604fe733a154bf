using System.Diagnostics;
using System.Globalization;

namespace ExerciseFunctions.Cli.Benchmarks;

/// <summary>Runs the platform's tools (ffmpeg, ffprobe, python3) for the benchmark and times them.</summary>
internal static class Probe
{
    /// <summary>Runs <paramref name="command"/> to the end; returns its stdout and wall time.</summary>
    /// <exception cref="InvalidOperationException">It exited with an error.</exception>
    public static (string Stdout, double Seconds) Run(string command, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var seconds = clock.Elapsed.TotalSeconds;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{command} {string.Join(' ', start.ArgumentList)} failed ({process.ExitCode}): {errors.Result.Trim()}");
        }
        return (output, seconds);
    }

    /// <summary>The container's duration in seconds (ffprobe).</summary>
    public static double DurationSeconds(string path) => double.Parse(
        Run("ffprobe", ["-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", path]).Stdout.Trim(), CultureInfo.InvariantCulture);
}
