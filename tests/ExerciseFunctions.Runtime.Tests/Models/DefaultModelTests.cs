using System.Runtime.InteropServices;
using ExerciseFunctions.Runtime.I3d;
using ExerciseFunctions.Runtime.Models;
using Onnx;

namespace ExerciseFunctions.Runtime.Tests.Models;

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

    [Fact]
    public void A_trained_head_replaces_a_default_model_built_without_it()
    {
        var seeded = DefaultModel.Ensure(directory);
        var head = new StreamHead(new float[6 * 1024], [1f, 2f, 3f, 4f, 5f, 6f]);

        var trained = DefaultModel.Ensure(directory, (new TwoStreamHead(head, head), "trained-1"));

        using var file = File.OpenRead(trained.FlowModelPath);
        var bias = ModelProto.Parser.ParseFrom(file).Graph.Initializer.Single(t => t.Name == "Flow/inception_i3d/Logits/Conv3d_0c_1x1/conv_3d/b");
        Assert.Equal(head.Biases, MemoryMarshal.Cast<byte, float>(bias.RawData.Span).ToArray());
        Assert.Equal(seeded.Path, trained.Path);
    }

    [Fact]
    public void The_default_backbone_is_the_seeded_one_and_only_the_head_is_trained()
    {
        var model = DefaultModel.Ensure(directory);
        var seeded = ModelWriter.WriteSeeded(Path.Combine(directory, "seeded"), ExerciseClasses.Default, SeededWeights.DefaultSeed);

        var defaultWeights = Initializers(model.FlowModelPath);
        var seededWeights = Initializers(seeded.FlowModelPath);
        Assert.Equal(seededWeights.Keys.Order(), defaultWeights.Keys.Order());
        var differing = seededWeights.Keys.Where(name => !seededWeights[name].SequenceEqual(defaultWeights[name])).Order().ToList();
        Assert.Equal(["Flow/inception_i3d/Logits/Conv3d_0c_1x1/conv_3d/b", "Flow/inception_i3d/Logits/Conv3d_0c_1x1/conv_3d/w"], differing);
    }

    private static Dictionary<string, byte[]> Initializers(string onnxPath)
    {
        using var file = File.OpenRead(onnxPath);
        return ModelProto.Parser.ParseFrom(file).Graph.Initializer.ToDictionary(t => t.Name, t => t.RawData.ToByteArray());
    }

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
