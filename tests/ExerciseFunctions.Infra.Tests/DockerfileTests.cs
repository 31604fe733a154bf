using System.Globalization;
using System.Text.RegularExpressions;
using ExerciseFunctions.Infra.Tests.Support;

namespace ExerciseFunctions.Infra.Tests;

/// <summary>
/// Static checks of the image definition (no Docker engine here): the runtime stage is the official
/// Functions host and carries the native libraries OpenCV and ONNX Runtime's CUDA provider load.
/// </summary>
public sealed partial class DockerfileTests
{
    private static readonly string Dockerfile = File.ReadAllText(RepositoryPaths.Dockerfile);

    [Fact]
    public void Runtime_stage_is_the_Functions_dotnet_isolated_10_image_built_with_the_10_SDK_both_pinned_by_digest()
    {
        var stages = FromLines().ToList();

        Assert.Equal("${SDK_IMAGE} AS build", stages[0]);
        Assert.Equal("${FUNCTIONS_IMAGE}", stages[^1]);
        Assert.Equal("mcr.microsoft.com/dotnet/sdk:10.0@${SDK_DIGEST}", ArgDefault("SDK_IMAGE"));
        Assert.Equal("mcr.microsoft.com/azure-functions/dotnet-isolated:4-dotnet-isolated10.0@${FUNCTIONS_DIGEST}", ArgDefault("FUNCTIONS_IMAGE"));
        // No digest is invented here: each is a build argument without a default, its tag in the comment above it.
        Assert.Contains("# mcr.microsoft.com/dotnet/sdk:10.0\nARG SDK_DIGEST\n", Dockerfile);
        Assert.Contains("# mcr.microsoft.com/azure-functions/dotnet-isolated:4-dotnet-isolated10.0\nARG FUNCTIONS_DIGEST\n", Dockerfile);
    }

    [Fact]
    public void Host_runs_as_an_unprivileged_user_on_an_unprivileged_port()
    {
        var runtime = RuntimeStage();
        var user = UserLine().Matches(runtime).Select(m => m.Groups["user"].Value).Last();

        Assert.Equal("${APP_UID}", user);
        Assert.True(int.Parse(ArgDefault("APP_UID"), CultureInfo.InvariantCulture) >= 1000);
        Assert.Contains("useradd --uid \"${APP_UID}\"", runtime);
        Assert.Contains("ASPNETCORE_URLS=http://+:8080", runtime);
    }

    [Fact]
    public void Curl_leaves_in_the_layer_that_installs_it()
    {
        var instructions = RunInstructions(RuntimeStage()).Where(r => r.Contains(" curl", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(instructions);
        Assert.All(instructions, run =>
        {
            var installed = run.IndexOf("--no-install-recommends curl", StringComparison.Ordinal);
            Assert.True(installed >= 0, run);
            Assert.True(run.IndexOf("apt-get purge -y --auto-remove curl", installed, StringComparison.Ordinal) > installed, run);
        });
    }

    [Fact]
    public void CUDA_keyring_is_checked_against_its_sha256_before_dpkg_installs_it()
    {
        var run = Assert.Single(RunInstructions(RuntimeStage()), r => r.Contains("cuda-keyring", StringComparison.Ordinal));
        var download = run.IndexOf("-o /tmp/cuda-keyring.deb", StringComparison.Ordinal);
        var check = run.IndexOf("echo \"${CUDA_KEYRING_SHA256}  /tmp/cuda-keyring.deb\" | sha256sum --check --strict", StringComparison.Ordinal);
        var install = run.IndexOf("dpkg -i /tmp/cuda-keyring.deb", StringComparison.Ordinal);

        Assert.True(download >= 0 && check > download && install > check, run);
        Assert.Contains("if [ -z \"${CUDA_KEYRING_SHA256}\" ]", run);
        Assert.Equal("", ArgDefault("CUDA_KEYRING_SHA256"));
    }

    [Fact]
    public void Runtime_stage_installs_the_libraries_OpenCvSharp_native_code_links()
    {
        Assert.Equal(["libatomic1", "libdrm2", "libgtk-3-0"], ArgDefault("OPENCV_NATIVE_DEPS").Split(' ').Order());
        Assert.Contains("${OPENCV_NATIVE_DEPS}", AptInstalls(RuntimeStage()));
    }

    [Fact]
    public void Runtime_stage_installs_CUDA_13_and_cuDNN_9_for_the_ONNX_Runtime_CUDA_provider()
    {
        // libonnxruntime_providers_cuda.so (1.31.0) needs libcudart.so.13, libcublas(Lt).so.13 and
        // libcurand.so.10 from CUDA 13, and loads cuDNN 9.
        string[] required = ["cuda-cudart-13-0", "libcublas-13-0", "libcurand-13-0", "libcudnn9-cuda-13"];

        Assert.All(required, package => Assert.Contains(package, ArgDefault("CUDA_PACKAGES").Split(' ')));
        Assert.Contains("${CUDA_PACKAGES}", AptInstalls(RuntimeStage()));
        Assert.Contains("NVIDIA_DRIVER_CAPABILITIES=compute,utility", RuntimeStage());
    }

    [Fact]
    public void Host_finds_the_app_and_the_pipeline_finds_the_models()
    {
        var runtime = RuntimeStage();

        Assert.Contains("AzureWebJobsScriptRoot=/home/site/wwwroot", runtime);
        Assert.Contains("Pipeline__ModelDirectory=/home/site/models", runtime);
        Assert.Contains("COPY --from=build /out/app /home/site/wwwroot", runtime);
        Assert.Contains("COPY --from=build /out/models /home/site/models", runtime);
        Assert.Contains("make-model --default --out /out/models", Dockerfile);
    }

    [Fact]
    public void Build_context_leaves_out_build_outputs_and_local_state()
    {
        var ignored = File.ReadAllLines(RepositoryPaths.DockerIgnore);

        Assert.Contains("**/bin/", ignored);
        Assert.Contains("**/obj/", ignored);
        Assert.Contains(".git/", ignored);
        Assert.Contains("**/local.settings.json", ignored);
    }

    /// <summary>Each RUN instruction of a stage as one line (continuations joined).</summary>
    private static IEnumerable<string> RunInstructions(string stage) =>
        stage.Replace("\\\n", " ").Split('\n').Where(l => l.StartsWith("RUN ", StringComparison.Ordinal));

    private static IEnumerable<string> FromLines() =>
        Dockerfile.Split('\n').Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).Select(l => l[5..].Trim());

    private static string RuntimeStage() => Dockerfile[Dockerfile.LastIndexOf("\nFROM ", StringComparison.Ordinal)..];

    private static string ArgDefault(string name)
    {
        var match = Regex.Match(Dockerfile, $"""^ARG {name}="?(?<value>[^"\n]*)"?$""", RegexOptions.Multiline);
        Assert.True(match.Success, $"No ARG {name} with a default in the Dockerfile.");
        return match.Groups["value"].Value;
    }

    /// <summary>Everything named on `apt-get install` lines (continuations joined).</summary>
    private static string AptInstalls(string stage) =>
        string.Join(' ', AptInstall().Matches(stage.Replace("\\\n", " ")).Select(m => m.Groups["packages"].Value));

    [GeneratedRegex(@"apt-get install -y --no-install-recommends (?<packages>[^&;\n]+)")]
    private static partial Regex AptInstall();

    [GeneratedRegex(@"^USER (?<user>\S+)$", RegexOptions.Multiline)]
    private static partial Regex UserLine();
}
