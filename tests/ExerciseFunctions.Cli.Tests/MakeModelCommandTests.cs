using ExerciseFunctions.Runtime.I3d;
using Google.Protobuf;
using Onnx;

namespace ExerciseFunctions.Cli.Tests;

/// <summary>`exercise make-model`: the seeded pair for the given seed and classes file.</summary>
public sealed class MakeModelCommandTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("make-model-cli-").FullName;

    [Fact]
    public async Task Make_model_writes_the_seeded_pair_for_the_seed_and_classes_given()
    {
        var classes = Path.Combine(folder, "classes.txt");
        File.WriteAllLines(classes, ["lunge", "plank", "burpee"]);
        var output = Path.Combine(folder, "model");

        var outcome = await CliProcess.RunAsync("make-model", "--out", output, "--seed", "7", "--classes", classes);

        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
        Assert.Contains("(3 classes", outcome.Stdout);
        Assert.Equal(["lunge", "plank", "burpee"], File.ReadAllLines(Path.Combine(output, "labels.txt")));
        foreach (var stream in I3dStream.Both)
        {
            // The library's seeded build for seed 7 and three classes, byte for byte; seed 8 would differ.
            var written = await File.ReadAllBytesAsync(Path.Combine(output, stream.FileName));
            Assert.Equal(I3dModelBuilder.Build(stream, 3, new SeededWeights(7)).ToByteArray(), written);
            var logits = ModelProto.Parser.ParseFrom(written).Graph.Initializer.Single(t => t.Name == $"{stream.Scope}/inception_i3d/Logits/Conv3d_0c_1x1/conv_3d/b");
            Assert.Equal([3L], logits.Dims);
        }
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
