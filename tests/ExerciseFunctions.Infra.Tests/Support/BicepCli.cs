using System.Diagnostics;
using System.Reflection;

namespace ExerciseFunctions.Infra.Tests.Support;

public sealed record BicepResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Diagnostics are written to stderr, one per line; warnings do not change the exit code.</summary>
    public string[] DiagnosticLines =>
        StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>The Bicep CLI from the Azure.Bicep.CommandLine.linux-x64 package (runs offline).</summary>
public static class BicepCli
{
    private static readonly Lazy<string> Executable = new(LocateExecutable);

    public static async Task<BicepResult> RunAsync(string workingDirectory, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(Executable.Value)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // No telemetry or update checks: the tests must not need the network.
        startInfo.Environment["BICEP_TELEMETRY_ENABLED"] = "false";

        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start {Executable.Value}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new BicepResult(process.ExitCode, await stdout, await stderr);
    }

    private static string LocateExecutable()
    {
        var configured = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "BicepPath").Value;
        if (string.IsNullOrEmpty(configured))
        {
            throw new InvalidOperationException("$(BicepPath) was empty at build time: is Azure.Bicep.CommandLine.linux-x64 restored?");
        }

        // The package's props build the path with Windows separators.
        var path = Path.GetFullPath(configured.Replace('\\', '/'));
        // NuGet extracts package files without the execute bit.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute);
        }

        return path;
    }
}
