using ExerciseFunctions.Infra.Tests.Support;

namespace ExerciseFunctions.Infra.Tests;

[Collection(InfraCollection.Name)]
public sealed class BicepCompilationTests(InfraFixture infra)
{
    [Fact]
    public void Main_template_compiles_without_diagnostics()
    {
        AssertClean("bicep build main.bicep", infra.TemplateBuild);
        Assert.Contains("\"$schema\"", infra.CompiledTemplate);
    }

    [Theory]
    [MemberData(nameof(ParameterFiles))]
    public void Parameter_file_compiles_without_diagnostics(string parameterFile)
    {
        var result = infra.ParameterBuilds[parameterFile];
        AssertClean($"bicep build-params {parameterFile}", result);
        Assert.Contains("parametersJson", result.StandardOutput);
    }

    [Fact]
    public void Linter_reports_nothing_for_any_file_including_modules()
    {
        // `bicep lint` exits 0 even with warnings, and `bicep lint main.bicep` skips the modules'
        // own findings: lint every file and require empty output.
        AssertClean("bicep lint --pattern **/*.bicep*", infra.Lint);
    }

    public static TheoryData<string> ParameterFiles() => new(InfraFixture.ParameterFiles);

    private static void AssertClean(string command, ProcessResult result)
    {
        Assert.True(result.ExitCode == 0, $"{command} exited with {result.ExitCode}:\n{result.StandardError}");
        Assert.True(result.ErrorLines.Length == 0, $"{command} reported:\n{result.StandardError}");
    }
}
