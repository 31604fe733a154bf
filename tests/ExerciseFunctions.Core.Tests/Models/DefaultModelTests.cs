using System.Runtime.InteropServices;
using ExerciseFunctions.Core.I3d;
using ExerciseFunctions.Core.Models;
using Onnx;

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
    public void The_default_backbone_carries_the_committed_batch_norm_calibration()
    {
        const string unit = "Flow/inception_i3d/Mixed_5c/Branch_0/Conv3d_0a_1x1";
        using var resource = typeof(DefaultModel).Assembly.GetManifestResourceStream(DefaultModel.BatchNormResourceName)!;
        Assert.True(BatchNormStatistics.Read(resource, "resource").TryGet(unit, out var committed));

        var model = DefaultModel.Ensure(directory);

        using var file = File.OpenRead(model.FlowModelPath);
        var mean = ModelProto.Parser.ParseFrom(file).Graph.Initializer.Single(t => t.Name == $"{unit}/batch_norm/moving_mean");
        var values = MemoryMarshal.Cast<byte, float>(mean.RawData.Span).ToArray();
        Assert.Equal(committed.Mean, values);
        Assert.Contains(values, v => v != 0);
    }

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
