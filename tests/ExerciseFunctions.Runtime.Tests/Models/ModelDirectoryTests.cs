using ExerciseFunctions.Runtime.Models;

namespace ExerciseFunctions.Runtime.Tests.Models;

public sealed class ModelDirectoryTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), $"model-dir-{Guid.NewGuid():N}");

    private ModelDirectory WriteFakeModel(params string[] labels)
    {
        Directory.CreateDirectory(directory);
        var model = new ModelDirectory(directory);
        File.WriteAllBytes(model.RgbModelPath, [1, 2, 3]);
        File.WriteAllBytes(model.FlowModelPath, [4, 5]);
        File.WriteAllLines(model.LabelsPath, labels);
        return model;
    }

    [Fact]
    public void Labels_are_trimmed_lines_without_blanks()
    {
        var model = WriteFakeModel(" squat ", "", "push-up");

        Assert.Equal(["squat", "push-up"], model.ReadLabels());
    }

    [Fact]
    public void Version_is_a_short_hash_that_changes_with_any_file()
    {
        var model = WriteFakeModel("a", "b");
        var version = model.Version;

        Assert.Matches("^[0-9a-f]{12}$", version);
        Assert.Equal(version, model.Version);
        File.WriteAllBytes(model.FlowModelPath, [4, 6]);
        Assert.NotEqual(version, model.Version);
        var withFlowChanged = model.Version;
        File.WriteAllText(Path.Combine(model.Path, NoveltyRejector.FileName), "{}");
        Assert.NotEqual(withFlowChanged, model.Version);
        var withRejection = model.Version;
        new ConfidenceCalibration(1.7).WriteTo(model.Path);
        Assert.NotEqual(withRejection, model.Version);
    }

    [Fact]
    public void Missing_files_and_bad_labels_are_reported()
    {
        Assert.Contains("lacks rgb.onnx, flow.onnx, labels.txt", Assert.Throws<FileNotFoundException>(() => new ModelDirectory(directory).Version).Message);
        Assert.Contains("repeats labels: a", Assert.Throws<InvalidDataException>(() => WriteFakeModel("a", "a").ReadLabels()).Message);
        Assert.Contains("no class labels", Assert.Throws<InvalidDataException>(() => WriteFakeModel(" ").ReadLabels()).Message);
    }

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
