using ExerciseFunctions.Modelling.Checkpoints;
using ExerciseFunctions.Runtime.I3d;
using ExerciseFunctions.Runtime.Inference;
using ExerciseFunctions.Runtime.Models;
using ExerciseFunctions.Testing;
using System.Runtime.InteropServices;
using Onnx;

namespace ExerciseFunctions.Modelling.Tests.Checkpoints;

public sealed class CheckpointImportTests(SeededCheckpoints checkpoints) : IClassFixture<SeededCheckpoints>, IDisposable
{
    private readonly string output = System.IO.Directory.CreateTempSubdirectory("i3d-import-").FullName;

    private ModelDirectory Import(string name, string? head = null, IReadOnlyList<string>? labels = null) => CheckpointImporter.Import(
        checkpoints.Backbone(I3dStream.Rgb), checkpoints.Backbone(I3dStream.Flow), head, labels, Path.Combine(output, name));

    [Fact]
    public void An_imported_backbone_gives_the_same_logits_as_the_graph_built_from_the_same_weights()
    {
        var imported = Import("imported");
        var direct = ModelWriter.WriteSeeded(Path.Combine(output, "direct"), ExerciseClasses.Default, SeededCheckpoints.Seed);

        foreach (var stream in I3dStream.Both)
        {
            var clip = SeededModelFixture.RandomClip(16, stream.Channels, seed: 3);
            using var fromCheckpoint = I3dSession.Open(Path.Combine(imported.Path, stream.FileName), new InferenceOptions { Threads = 2 });
            using var built = I3dSession.Open(Path.Combine(direct.Path, stream.FileName), new InferenceOptions { Threads = 2 });

            var expected = built.Run(clip, 16);
            var actual = fromCheckpoint.Run(clip, 16);

            Assert.Equal(expected.Logits, actual.Logits);
            Assert.Equal(expected.Features, actual.Features);
        }
        Assert.Equal(ExerciseClasses.Default, imported.ReadLabels());
    }

    [Fact]
    public void A_head_import_changes_only_the_logits_layer()
    {
        var plain = Import("plain");
        var withHead = Import("with-head", checkpoints.Head);

        foreach (var stream in I3dStream.Both)
        {
            var before = Initializers(Path.Combine(plain.Path, stream.FileName));
            var after = Initializers(Path.Combine(withHead.Path, stream.FileName));
            var logits = I3dVariable.OfLogits(stream, SeededCheckpoints.Classes).ToDictionary(v => v.Name);

            Assert.Equal(before.Keys, after.Keys);
            Assert.All(after, pair =>
            {
                if (logits.TryGetValue(pair.Key, out var variable))
                {
                    Assert.Equal(MemoryMarshal.AsBytes(SeededCheckpoints.HeadWeights.Read(variable).AsSpan()).ToArray(), pair.Value);
                    Assert.NotEqual(before[pair.Key], pair.Value);
                }
                else
                {
                    Assert.Equal(before[pair.Key], pair.Value);
                }
            });
        }
    }

    [Fact]
    public void The_unscoped_kinetics_600_layout_with_optimizer_slots_imports_like_the_scoped_one()
    {
        var prefix = Path.Combine(output, "kin600", "model.ckpt");
        var scope = $"RGB/{I3dArchitecture.NetworkScope}/";
        TensorBundleWriter.Write(prefix, SeededCheckpoints.StreamTensors(I3dStream.Rgb, 600, new SeededWeights(SeededCheckpoints.Seed))
            .Select(t => t with { Name = t.Name[scope.Length..] })
            .Append(new CheckpointTensor("Conv3d_1a_7x7/conv_3d/w/Momentum", [7, 7, 7, 3, 64], new float[7 * 7 * 7 * 3 * 64]))
            .Append(new CheckpointTensor("global_step", [], [0f])));

        var kinetics600 = CheckpointImporter.Import(prefix, checkpoints.Backbone(I3dStream.Flow), checkpoints.Head, null, Path.Combine(output, "from-kin600"));
        var scoped = Import("from-scoped", checkpoints.Head);

        Assert.Equal(File.ReadAllBytes(scoped.RgbModelPath), File.ReadAllBytes(kinetics600.RgbModelPath));
    }

    [Fact]
    public void Missing_extra_and_mis_shaped_variables_are_all_listed()
    {
        var prefix = Path.Combine(output, "broken", "model.ckpt");
        var tensors = SeededCheckpoints.StreamTensors(I3dStream.Flow, 6, new SeededWeights(1))
            .Where(t => !t.Name.EndsWith("Mixed_4c/Branch_0/Conv3d_0a_1x1/batch_norm/beta"))
            .Select(t => t.Name.EndsWith("Mixed_5c/Branch_3/Conv3d_0b_1x1/batch_norm/moving_mean") ? t with { Shape = [64], Values = new float[64] } : t)
            .Append(new CheckpointTensor("Flow/inception_i3d/Mixed_6a/extra", [2], [1f, 2f]));
        TensorBundleWriter.Write(prefix, tensors);

        var error = Assert.Throws<InvalidDataException>(() => CheckpointMapping.Backbone(TensorBundle.Open(prefix), I3dStream.Flow).EnsureFits());

        Assert.Contains("3 problems", error.Message);
        Assert.Contains("missing   Flow/inception_i3d/Mixed_4c/Branch_0/Conv3d_0a_1x1/batch_norm/beta [160]", error.Message);
        Assert.Contains("mis-shaped Flow/inception_i3d/Mixed_5c/Branch_3/Conv3d_0b_1x1/batch_norm/moving_mean [64], the graph needs [128]", error.Message);
        Assert.Contains("extra     Flow/inception_i3d/Mixed_6a/extra [2]", error.Message);
    }

    [Fact]
    public void A_stream_checkpoint_given_for_the_other_stream_is_refused()
    {
        var error = Assert.Throws<InvalidDataException>(() => CheckpointImporter.Import(
            checkpoints.Backbone(I3dStream.Flow), checkpoints.Backbone(I3dStream.Flow), null, null, Path.Combine(output, "swapped")));

        Assert.Contains("does not fit the I3D RGB backbone", error.Message);
        Assert.False(System.IO.Directory.Exists(Path.Combine(output, "swapped")));
    }

    [Fact]
    public void Labels_must_match_the_class_count()
    {
        var error = Assert.Throws<ArgumentException>(() => Import("labels", labels: ["a", "b"]));

        Assert.Contains("2 labels but the model has 6 classes", error.Message);
    }

    [Fact]
    public void Detect_recognises_a_head_checkpoint_and_the_public_rgb_index()
    {
        var head = Assert.Single(CheckpointMapping.Detect(TensorBundle.Open(checkpoints.Head)));
        var rgb = Assert.Single(CheckpointMapping.Detect(TensorBundle.Open(Path.Combine(AppContext.BaseDirectory, "Checkpoints", "rgb_imagenet.model.ckpt.index"))));

        Assert.Equal(("two-stream head", 6, true, 4), (head.Description, head.Classes, head.Fits, head.Variables.Count));
        Assert.Equal(("RGB backbone", 400, true, 230), (rgb.Description, rgb.Classes, rgb.Fits, rgb.Variables.Count));
    }

    private static Dictionary<string, byte[]> Initializers(string path)
    {
        using var file = File.OpenRead(path);
        return ModelProto.Parser.ParseFrom(file).Graph.Initializer.ToDictionary(t => t.Name, t => t.RawData.ToByteArray());
    }

    public void Dispose() => System.IO.Directory.Delete(output, recursive: true);
}
