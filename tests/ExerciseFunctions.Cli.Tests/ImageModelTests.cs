using System.Text.Json;
using System.Text.RegularExpressions;
using ExerciseFunctions.Runtime.Models;
using ExerciseFunctions.Testing;

namespace ExerciseFunctions.Cli.Tests;

/// <summary>
/// The Docker image ships the model that was measured: the Dockerfile's model step, run as written, writes the very
/// model `classify` uses by default (same version hash) on a fresh machine.
/// </summary>
public sealed partial class ImageModelTests : IDisposable
{
    private readonly string work = Directory.CreateTempSubdirectory("image-model-").FullName;
    private readonly GeneratedVideoDirectory videos = new();

    [Fact]
    public async Task The_dockerfile_model_step_writes_the_model_classify_uses_by_default()
    {
        var arguments = ModelStepArguments(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Dockerfile")));
        var imageModels = Path.Combine(work, "image-models");
        var step = await CliProcess.RunAsync(Fresh("build-home"), [.. arguments.Select(a => a == "/out/models" ? imageModels : a)]);
        Assert.True(step.ExitCode == 0, step.Stderr);

        var video = videos.Write("squat.mp4", new VideoSpec(320, 240, 25, FrameCount: 30));
        var classify = await CliProcess.RunAsync(Fresh("user-home"), "classify", video, "--json");
        Assert.True(classify.ExitCode == 0, classify.Stderr);

        var classified = JsonDocument.Parse(classify.Stdout).RootElement.GetProperty("modelVersion").GetString();
        Assert.Equal(new ModelDirectory(imageModels).Version, classified);
        Assert.Equal(ExerciseClasses.Default, new ModelDirectory(imageModels).ReadLabels());
    }

    /// <summary>The arguments after <c>--</c> of the Dockerfile's <c>dotnet run ... make-model</c> command.</summary>
    private static string[] ModelStepArguments(string dockerfile)
    {
        var match = ModelStep().Match(dockerfile);
        Assert.True(match.Success, "The Dockerfile has no `dotnet run ... -- make-model ...` step.");
        return match.Groups["arguments"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>A user data folder of its own: nothing built before, as on a fresh machine.</summary>
    private Dictionary<string, string?> Fresh(string name) => new() { ["EXERCISE_HOME"] = Path.Combine(work, name) };

    [GeneratedRegex(@"dotnet run --project src/ExerciseFunctions\.Cli[^\n;]*? -- (?<arguments>make-model[^;\n\\]*)")]
    private static partial Regex ModelStep();

    public void Dispose()
    {
        videos.Dispose();
        Directory.Delete(work, recursive: true);
    }
}
