using ExerciseFunctions.Infra.Tests.Support;

namespace ExerciseFunctions.Infra.Tests;

/// <summary>infra/deploy.sh up to the point where it needs Azure: argument handling and strict mode.</summary>
public sealed class DeployScriptTests
{
    private static readonly string Script = Path.Combine(RepositoryPaths.Infra, "deploy.sh");

    [Fact]
    public void Script_runs_in_strict_mode_and_deploys_in_two_passes()
    {
        var text = File.ReadAllText(Script);

        Assert.StartsWith("#!/usr/bin/env bash\n", text);
        Assert.Contains("\nset -euo pipefail\n", text);
        Assert.Contains("deployApp=false", text);
        Assert.Contains("az acr build", text);
        Assert.Contains("deployApp=true imageTag=", text);
    }

    [Fact]
    public async Task Without_arguments_it_prints_its_usage_and_exits_2()
    {
        var (exitCode, stdout, _) = await RunAsync();

        Assert.Equal(2, exitCode);
        Assert.Contains("Usage:   infra/deploy.sh <resource-group> [location] [dev|gpu]", stdout);
        Assert.DoesNotContain("set -euo", stdout);
    }

    [Fact]
    public async Task Unknown_profile_is_a_one_line_error_before_anything_touches_Azure()
    {
        var (exitCode, stdout, stderr) = await RunAsync("rg-test", "westus3", "tpu");

        Assert.Equal(2, exitCode);
        Assert.Empty(stdout);
        Assert.Equal($"error: unknown profile 'tpu' (no {RepositoryPaths.Infra}/main.tpu.bicepparam)", stderr.Trim());
    }

    private static Task<ProcessResult> RunAsync(params string[] arguments) =>
        ProcessRunner.RunAsync("bash", RepositoryPaths.Root, [Script, .. arguments]);
}
