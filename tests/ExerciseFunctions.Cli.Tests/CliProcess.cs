using System.Diagnostics;
using System.Text.Json;

namespace ExerciseFunctions.Cli.Tests;

/// <summary>Runs the real `exercise` program (built next to the tests) as a child process.</summary>
internal static class CliProcess
{
    public sealed record Outcome(int ExitCode, string Stdout, string Stderr);

    public static readonly TimeSpan DefaultLimit = TimeSpan.FromMinutes(5);

    public static Task<Outcome> RunAsync(params string[] arguments) => RunAsync(new Dictionary<string, string?>(), arguments);

    /// <param name="environment">Variables to set (or, with null, remove) for the child only.</param>
    public static Task<Outcome> RunAsync(IReadOnlyDictionary<string, string?> environment, params string[] arguments) =>
        RunAsync(DefaultLimit, environment, arguments);

    /// <summary>`classify VIDEO --models MODEL --json`, required to succeed: its JSON object.</summary>
    public static async Task<JsonElement> ClassifyAsync(string video, string model)
    {
        var classify = await RunAsync("classify", video, "--models", model, "--json");
        Assert.True(classify.ExitCode == 0, classify.Stderr);
        return JsonDocument.Parse(classify.Stdout).RootElement;
    }

    /// <summary>As above; past <paramref name="limit"/> the child and everything it started are killed and the run throws.</summary>
    public static async Task<Outcome> RunAsync(TimeSpan limit, IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "exercise.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // A child left running would hold ports, files and a core after the test has failed.
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"exercise {string.Join(' ', arguments)} ran past {limit} and was killed.\n{await stdout}\n{await stderr}");
        }
        return new Outcome(process.ExitCode, await stdout, await stderr);
    }
}
