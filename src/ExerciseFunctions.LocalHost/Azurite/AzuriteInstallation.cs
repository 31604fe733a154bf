using System.Diagnostics;
using ExerciseFunctions.Runtime.Hosting;

namespace ExerciseFunctions.LocalHost.Azurite;

/// <summary>
/// Where Azurite's script is: beside the binary (<c>node_modules/azurite</c>, for a packaged CLI) or in the user data
/// folder (<c>&lt;data&gt;/azurite/node_modules/azurite</c>), where tools/setup.sh installs it and where it is installed
/// with npm on first use otherwise. The version is tools/package.json's, embedded at build time: one pin.
/// </summary>
public static class AzuriteInstallation
{
    private const string PackageResource = "ExerciseFunctions.LocalHost.Azurite.package.json";
    private static readonly string[] ScriptPath = ["node_modules", "azurite", "dist", "src", "azurite.js"];

    /// <summary>The folder npm installs into: <c>&lt;data&gt;/azurite</c>.</summary>
    public static string InstallDirectory => Path.Combine(UserDataDirectory.Root, "azurite");

    /// <summary>Azurite's storage when no folder is given: <c>&lt;data&gt;/azurite-data</c>.</summary>
    public static string DefaultDataDirectory => Path.Combine(UserDataDirectory.Root, "azurite-data");

    public static string? Find() =>
        new[] { AppContext.BaseDirectory, InstallDirectory }.Select(root => Path.Combine([root, .. ScriptPath])).FirstOrDefault(File.Exists);

    /// <summary>The script, installed into <see cref="InstallDirectory"/> with npm when it is nowhere yet.</summary>
    public static async Task<string> EnsureAsync(CancellationToken cancellationToken)
    {
        if (Find() is { } script)
        {
            return script;
        }
        Directory.CreateDirectory(InstallDirectory);
        await using (var package = typeof(AzuriteInstallation).Assembly.GetManifestResourceStream(PackageResource)
            ?? throw new InvalidOperationException($"The build left out {PackageResource}."))
        await using (var file = File.Create(Path.Combine(InstallDirectory, "package.json")))
        {
            await package.CopyToAsync(file, cancellationToken);
        }
        Process npm;
        try
        {
            npm = Process.Start(new ProcessStartInfo("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"]) { WorkingDirectory = InstallDirectory })!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"Azurite is not installed and npm cannot be started ({e.Message}); run tools/setup.sh or install Node.js.");
        }
        using (npm)
        {
            await npm.WaitForExitAsync(cancellationToken);
            return npm.ExitCode == 0 && Find() is { } installed
                ? installed
                : throw new InvalidOperationException($"npm install in {InstallDirectory} did not install Azurite (exit code {npm.ExitCode}).");
        }
    }
}
