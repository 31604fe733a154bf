using System.Diagnostics;
using System.Text.Json.Nodes;

namespace ExerciseFunctions.Functions.Tests;

/// <summary>
/// `func start` builds the app and runs the host from the build output, reading host.json, functions.metadata,
/// extensions.json, worker.config.json and local.settings.json there: the output must hold them, and the project
/// must copy a local.settings.json the way the Functions templates do (output yes, publish never).
/// </summary>
public sealed class FuncStartReadinessTests
{
    private static readonly string AppOutput = Path.Combine(AppContext.BaseDirectory, "FunctionsApp");

    [Theory]
    [InlineData("host.json")]
    [InlineData("functions.metadata")]
    [InlineData("extensions.json")]
    [InlineData("worker.config.json")]
    public void Build_output_holds_what_the_host_reads(string file) =>
        Assert.True(File.Exists(Path.Combine(AppOutput, file)), $"{file} is not in the Functions app's build output.");

    [Fact]
    public void Local_settings_when_present_are_in_the_build_output()
    {
        var source = Path.Combine(RepositoryRoot(), "src", "ExerciseFunctions", "local.settings.json");
        if (File.Exists(source))
        {
            Assert.Equal(File.ReadAllText(source), File.ReadAllText(Path.Combine(AppOutput, "local.settings.json")));
        }
    }

    [Fact]
    public async Task Project_copies_local_settings_to_the_output_and_never_to_publish()
    {
        // Evaluated by MSBuild on a copy of the project next to a local.settings.json: the rule, not this checkout's files.
        var directory = Directory.CreateTempSubdirectory("exercise-func-settings-").FullName;
        try
        {
            var project = Path.Combine(directory, "ExerciseFunctions.csproj");
            File.Copy(Path.Combine(RepositoryRoot(), "src", "ExerciseFunctions", "ExerciseFunctions.csproj"), project);
            await File.WriteAllTextAsync(Path.Combine(directory, "local.settings.json"), "{}");

            var settings = Assert.Single(await NoneItemsAsync(project), i => (string?)i["Identity"] == "local.settings.json");

            Assert.Equal("PreserveNewest", (string?)settings["CopyToOutputDirectory"]);
            Assert.Equal("Never", (string?)settings["CopyToPublishDirectory"]);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void The_example_settings_run_the_isolated_worker_against_Azurite()
    {
        var values = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "local.settings.json.example")))!["Values"]!;

        Assert.Equal("dotnet-isolated", (string?)values["FUNCTIONS_WORKER_RUNTIME"]);
        Assert.Equal("UseDevelopmentStorage=true", (string?)values["AzureWebJobsStorage"]);
        Assert.Equal("UseDevelopmentStorage=true", (string?)values["VideoStorage"]);
    }

    private static async Task<IReadOnlyList<JsonNode>> NoneItemsAsync(string project)
    {
        var start = new ProcessStartInfo("dotnet", ["msbuild", project, "-getItem:None", "-nologo"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(project)!,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"dotnet msbuild -getItem:None failed:\n{await output}\n{await errors}");
        return JsonNode.Parse(await output)!["Items"]!["None"]!.AsArray().Select(i => i!).ToList();
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ExerciseFunctions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No ExerciseFunctions.sln above {AppContext.BaseDirectory}.");
    }
}
