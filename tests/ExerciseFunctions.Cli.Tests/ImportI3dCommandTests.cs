using System.Runtime.InteropServices;
using System.Text.Json;
using ExerciseFunctions.Modelling.Checkpoints;
using ExerciseFunctions.Runtime.I3d;
using ExerciseFunctions.Runtime.Inference;
using ExerciseFunctions.Runtime.Models;
using ExerciseFunctions.Testing;

namespace ExerciseFunctions.Cli.Tests;

/// <summary>
/// `exercise import-i3d` on checkpoints holding the reference spec weights (tools/reference/weight_spec.py, in
/// TensorFlow layout): the imported model must give the PyTorch reference's logits, so names, layouts and the
/// graph are all checked through the real command.
/// </summary>
public sealed class ImportI3dCommandTests : IDisposable
{
    private static readonly string Reference = Path.Combine(AppContext.BaseDirectory, "I3d", "Reference");
    private readonly string folder = Directory.CreateTempSubdirectory("import-cli-").FullName;

    [Fact]
    public async Task Inspect_then_import_gives_the_reference_logits()
    {
        var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(Reference, "i3d-reference.json"))).RootElement;
        var (seed, classes) = (summary.GetProperty("seed").GetInt32(), summary.GetProperty("classes").GetInt32());
        var weights = new SpecWeights(seed);
        foreach (var stream in I3dStream.Both)
        {
            TensorBundleWriter.Write(Checkpoint(stream), I3dVariable.For(stream, classes)
                .Select(v => new CheckpointTensor(v.Name, v.TensorFlowShape, weights.TensorFlowValues(v))));
        }

        var inspect = await CliProcess.RunAsync("import-i3d", "--inspect", Checkpoint(I3dStream.Flow) + ".index");
        var import = await CliProcess.RunAsync("import-i3d", "--rgb", Checkpoint(I3dStream.Rgb), "--flow", Checkpoint(I3dStream.Flow), "--out", Path.Combine(folder, "model"));

        Assert.True(inspect.ExitCode == 0, inspect.Stderr);
        Assert.Contains("Flow backbone, 6 classes", inspect.Stdout);
        Assert.Contains("fits: 230 variables map one-to-one", inspect.Stdout);
        Assert.True(import.ExitCode == 0, import.Stderr);
        Assert.Contains("(6 classes", import.Stdout);
        var model = new ModelDirectory(Path.Combine(folder, "model"));
        Assert.Equal(ExerciseClasses.Default, model.ReadLabels());
        foreach (var stream in I3dStream.Both)
        {
            using var session = I3dSession.Open(Path.Combine(model.Path, stream.FileName), new InferenceOptions { Threads = 2 });
            var logits = session.Run(weights.Clip(stream, 9), 9).Logits;
            var expected = MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(Path.Combine(Reference, $"i3d-{stream.Scope.ToLowerInvariant()}-t9.f32")))[..classes].ToArray();
            var scale = expected.Max(Math.Abs);
            Assert.All(expected.Zip(logits), pair => Assert.True(Math.Abs(pair.First - pair.Second) <= 1e-4 * scale, $"{stream}: {pair.Second} against {pair.First}"));
        }
        Assert.False(File.Exists(Path.Combine(model.Path, ModelPreprocessing.FileName)));
    }

    [Fact]
    public async Task Import_declares_the_reference_preprocessing_when_asked()
    {
        foreach (var stream in I3dStream.Both)
        {
            var weights = new SpecWeights(3);
            TensorBundleWriter.Write(Checkpoint(stream), I3dVariable.For(stream, 6)
                .Select(v => new CheckpointTensor(v.Name, v.TensorFlowShape, weights.TensorFlowValues(v))));
        }

        var import = await CliProcess.RunAsync("import-i3d", "--rgb", Checkpoint(I3dStream.Rgb), "--flow", Checkpoint(I3dStream.Flow),
            "--channel-order", "bgr", "--frame-rate", "source", "--out", Path.Combine(folder, "reference"));

        Assert.True(import.ExitCode == 0, import.Stderr);
        var declared = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "reference", ModelPreprocessing.FileName))).RootElement;
        Assert.Equal("bgr", declared.GetProperty("channelOrder").GetString());
        Assert.Equal("source", declared.GetProperty("frameRate").GetString());
    }

    private string Checkpoint(I3dStream stream) => Path.Combine(folder, stream.Scope, "model.ckpt");

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
