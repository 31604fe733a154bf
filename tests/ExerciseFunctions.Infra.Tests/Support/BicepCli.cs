using System.Reflection;

namespace ExerciseFunctions.Infra.Tests.Support;

/// <summary>The Bicep CLI from the Azure.Bicep.CommandLine.linux-x64 package (runs offline).</summary>
public static class BicepCli
{
    private static readonly Lazy<string> Executable = new(LocateExecutable);

    // No telemetry: the tests must not need the network. The parameter files read the API's app
    // registration from the environment, as a deployment would.
    private static readonly Dictionary<string, string> Environment = new()
    {
        ["BICEP_TELEMETRY_ENABLED"] = "false",
        ["API_CLIENT_ID"] = InfraFixture.ApiClientId,
    };

    public static Task<ProcessResult> RunAsync(string workingDirectory, params string[] arguments) =>
        ProcessRunner.RunAsync(Executable.Value, workingDirectory, arguments, Environment);

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
