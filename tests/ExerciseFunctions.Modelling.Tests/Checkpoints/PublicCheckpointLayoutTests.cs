using ExerciseFunctions.Modelling.Checkpoints;
using ExerciseFunctions.Runtime.I3d;

namespace ExerciseFunctions.Modelling.Tests.Checkpoints;

/// <summary>
/// The five public kinetics-i3d checkpoints, as index files with their variable names and shapes (no data: --inspect
/// reads only the index): four Kinetics-400 ones scoped per stream, and rgb_scratch_kin600 without a scope, with
/// 600 classes and the Momentum slots and step counter of its training run.
/// </summary>
public sealed class PublicCheckpointLayoutTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("i3d-layouts-").FullName;

    [Theory]
    [InlineData("rgb_imagenet", "RGB", 400, false)]
    [InlineData("rgb_scratch", "RGB", 400, false)]
    [InlineData("flow_imagenet", "Flow", 400, false)]
    [InlineData("flow_scratch", "Flow", 400, false)]
    [InlineData("rgb_scratch_kin600", "RGB", 600, true)]
    public void Every_public_checkpoint_layout_maps_onto_the_graph(string name, string scope, int classes, bool kinetics600)
    {
        var stream = I3dStream.Both.Single(s => s.Scope == scope);
        var prefix = Path.Combine(directory, name, "model.ckpt");
        TensorBundleWriter.Write(prefix, PublicLayout(stream, classes, kinetics600));

        var mapping = Assert.Single(CheckpointMapping.Detect(TensorBundle.Open(prefix + ".index")));

        var variables = I3dVariable.For(stream, classes).Count();
        Assert.Equal(kinetics600 ? $"{scope} backbone (unscoped names)" : $"{scope} backbone", mapping.Description);
        Assert.Equal(classes, mapping.Classes);
        Assert.Empty(mapping.Problems);
        Assert.Equal(variables, mapping.Variables.Count(v => v.Status == MappingStatus.Mapped));
        Assert.Equal(kinetics600 ? variables + 1 : 0, mapping.Variables.Count(v => v.Status == MappingStatus.TrainingState));
    }

    [Fact]
    public void A_layout_it_cannot_map_is_named_as_such()
    {
        var prefix = Path.Combine(directory, "resnet", "model.ckpt");
        TensorBundleWriter.Write(prefix, [new("resnet/conv1/w", [7, 7, 3, 64], []), new("Logits/Conv3d_0c_1x1/conv_3d/w", [1, 1, 1, 1024, 600], [])]);

        var error = Assert.Throws<InvalidDataException>(() => CheckpointMapping.Detect(TensorBundle.Open(prefix)));

        Assert.Contains("a layout this importer cannot map", error.Message);
        Assert.Contains("Logits/Conv3d_0c_1x1/conv_3d/w, resnet/conv1/w", error.Message);
    }

    [Fact]
    public void A_slot_of_an_unknown_optimizer_is_still_extra()
    {
        var prefix = Path.Combine(directory, "odd", "model.ckpt");
        TensorBundleWriter.Write(prefix, PublicLayout(I3dStream.Rgb, 600, kinetics600: true)
            .Append(new CheckpointTensor("Conv3d_1a_7x7/conv_3d/w/Adagrad", [7, 7, 7, 3, 64], [])));

        var mapping = Assert.Single(CheckpointMapping.Detect(TensorBundle.Open(prefix)));

        Assert.Equal("Conv3d_1a_7x7/conv_3d/w/Adagrad", Assert.Single(mapping.Problems).CheckpointName);
    }

    /// <summary>Names and shapes only (no values): what an index records.</summary>
    internal static IEnumerable<CheckpointTensor> PublicLayout(I3dStream stream, int classes, bool kinetics600)
    {
        var scope = $"{stream.Scope}/{I3dArchitecture.NetworkScope}/";
        foreach (var variable in I3dVariable.For(stream, classes))
        {
            if (!kinetics600)
            {
                yield return new(variable.Name, variable.TensorFlowShape, []);
                continue;
            }
            var name = variable.Name[scope.Length..];
            yield return new(name, variable.TensorFlowShape, []);
            yield return new($"{name}/Momentum", variable.TensorFlowShape, []);
        }
        if (kinetics600)
        {
            yield return new("global_step", [], []);
        }
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
