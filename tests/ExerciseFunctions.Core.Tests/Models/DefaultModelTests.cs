using ExerciseFunctions.Core.Models;

namespace ExerciseFunctions.Core.Tests.Models;

public sealed class DefaultModelTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), $"default-model-{Guid.NewGuid():N}");

    [Fact]
    public void Default_directory_is_under_the_repository()
    {
        var root = Path.GetDirectoryName(DefaultModel.DefaultDirectory.TrimEnd('/'))!;

        Assert.EndsWith(Path.Combine("models", "default"), DefaultModel.DefaultDirectory);
        Assert.True(File.Exists(Path.Combine(root, "..", "ExerciseFunctions.sln")));
    }

    [Fact]
    public void Ensure_builds_the_six_class_model_once()
    {
        var model = DefaultModel.Ensure(directory);
        var written = File.GetLastWriteTimeUtc(model.RgbModelPath);

        var again = DefaultModel.Ensure(directory);

        Assert.Equal(ExerciseClasses.Default, again.ReadLabels());
        Assert.Equal(written, File.GetLastWriteTimeUtc(again.RgbModelPath));
    }

    [Fact]
    public void Ensure_never_overwrites_a_model_it_did_not_build()
    {
        Directory.CreateDirectory(directory);
        var model = new ModelDirectory(directory);
        File.WriteAllText(model.RgbModelPath, "imported");
        File.WriteAllText(model.FlowModelPath, "imported");
        File.WriteAllText(model.LabelsPath, "only-class");

        DefaultModel.Ensure(directory);

        Assert.Equal("imported", File.ReadAllText(model.RgbModelPath));
    }

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
