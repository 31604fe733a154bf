using System.Runtime.InteropServices;
using System.Security.Cryptography;
using ExerciseFunctions.Runtime.Hosting;
using ExerciseFunctions.Runtime.I3d;
using ExerciseFunctions.Runtime.Models;
using Onnx;

namespace ExerciseFunctions.Runtime.Tests.Models;

public sealed class DefaultModelTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), $"default-model-{Guid.NewGuid():N}");

    [Fact]
    public void Default_directory_is_models_default_under_exercise_home()
    {
        // The documented place (UserDataDirectory, README): <EXERCISE_HOME>/models/default, wherever the tools run.
        // No other test in this assembly reads EXERCISE_HOME, so setting it here for a moment races with nothing.
        var previous = Environment.GetEnvironmentVariable(UserDataDirectory.Variable);
        var home = Path.Combine(Path.GetTempPath(), $"exercise-home-{Guid.NewGuid():N}");
        try
        {
            Environment.SetEnvironmentVariable(UserDataDirectory.Variable, home);
            Assert.Equal(Path.Combine(home, "models", "default"), DefaultModel.DefaultDirectory);
        }
        finally
        {
            Environment.SetEnvironmentVariable(UserDataDirectory.Variable, previous);
        }
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

    [Theory]
    [InlineData("rejection.json", "default-rejection.json")]
    [InlineData("calibration.json", "default-calibration.json")]
    public void The_default_model_carries_the_committed_rejection_and_calibration(string fileName, string committedFileName)
    {
        var model = DefaultModel.Ensure(directory);

        var committed = File.ReadAllBytes(Path.Combine(RepositoryRoot(), "src", "ExerciseFunctions.Runtime", "Models", committedFileName));
        Assert.Equal(committed, File.ReadAllBytes(Path.Combine(model.Path, fileName)));
    }

    // SHA-256 over each stream's backbone initializers (name order, raw bytes): the backbone the committed head was
    // trained on and README's accuracy table measured (seed 2017, batch norms the identity). Any change to the seeded
    // weights leaves the head on features it never saw, so it must fail here, not only in the accuracy test.
    [Theory]
    [InlineData("rgb.onnx", "RGB", "e689ba7e3fe2ba94805c490a70d71446e6eba38443252c48bf59a17aab5b62dc")]
    [InlineData("flow.onnx", "Flow", "546daf9bc00615cb09e8c26311940fe0393ce4901e718a24dc5c2e765dbd92c4")]
    public void The_default_model_is_the_trained_backbone_with_the_committed_head(string fileName, string scope, string backboneSha256)
    {
        var model = DefaultModel.Ensure(directory);
        var initializers = Initializers(Path.Combine(model.Path, fileName));
        var logits = $"{scope}/inception_i3d/Logits/Conv3d_0c_1x1/conv_3d/";

        var backbone = initializers.Where(pair => !pair.Key.StartsWith(logits, StringComparison.Ordinal))
            .OrderBy(pair => pair.Key, StringComparer.Ordinal).SelectMany(pair => pair.Value).ToArray();
        Assert.Equal(backboneSha256, Convert.ToHexStringLower(SHA256.HashData(backbone)));
        // The head file's layout, read here by hand: "I3DHEAD1", int32 classes, then RGB and flow weights [6 x 1024]
        // and biases [6], float32 little-endian.
        var head = File.ReadAllBytes(Path.Combine(RepositoryRoot(), "src", "ExerciseFunctions.Runtime", "Models", "default-head.bin"));
        Assert.Equal(6, BitConverter.ToInt32(head, 8));
        var streamBytes = (6 * 1024 + 6) * sizeof(float);
        var offset = 12 + (scope == "RGB" ? 0 : streamBytes);
        Assert.Equal(head[offset..(offset + 6 * 1024 * sizeof(float))], initializers[logits + "w"]);
        Assert.Equal(head[(offset + 6 * 1024 * sizeof(float))..(offset + streamBytes)], initializers[logits + "b"]);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory.FullName, "ExerciseFunctions.sln")))
            directory = directory.Parent ?? throw new DirectoryNotFoundException("No ExerciseFunctions.sln above the test output.");
        return directory.FullName;
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
