using ExerciseFunctions.Runtime.I3d;
using Google.Protobuf;

namespace ExerciseFunctions.Runtime.Tests.I3d;

public class I3dModelBuilderTests
{
    [Fact]
    public void Initializers_are_exactly_the_checkpoint_variables_in_onnx_layout()
    {
        var model = I3dModelBuilder.Build(I3dStream.Flow, CheckpointVariableList.KineticsClasses, new SeededWeights(1));
        var expected = CheckpointVariableList.For(I3dStream.Flow);
        var variables = I3dVariable.For(I3dStream.Flow, CheckpointVariableList.KineticsClasses).ToDictionary(v => v.Name);

        Assert.Equal(expected.Count, model.Graph.Initializer.Count);
        Assert.All(model.Graph.Initializer, tensor =>
        {
            Assert.True(expected.ContainsKey(tensor.Name), tensor.Name);
            Assert.Equal(variables[tensor.Name].OnnxShape.Select(d => (long)d), tensor.Dims);
            Assert.Equal(variables[tensor.Name].ElementCount * sizeof(float), tensor.RawData.Length);
        });
    }

    [Fact]
    public void Graph_has_the_agreed_inputs_outputs_and_versions()
    {
        var model = I3dModelBuilder.Build(I3dStream.Rgb, 6, new SeededWeights(1));

        Assert.Equal(8, model.IrVersion);
        Assert.Equal(17, model.OpsetImport.Single().Version);
        var input = Assert.Single(model.Graph.Input);
        Assert.Equal("input", input.Name);
        var dims = input.Type.TensorType.Shape.Dim;
        Assert.Equal([1L, 0L, 224L, 224L, 3L], dims.Select(d => d.DimValue));
        Assert.Equal("T", dims[1].DimParam);
        Assert.Equal(["logits", "features"], model.Graph.Output.Select(o => o.Name));
        // 57 Unit3D layers: conv + BN + ReLU each, with TF SAME padding.
        Assert.Equal(57, model.Graph.Node.Count(n => n.OpType == "BatchNormalization"));
        Assert.All(model.Graph.Node.Where(n => n.OpType is "MaxPool" || (n.OpType == "Conv" && !n.Name.Contains("Logits"))),
            node => Assert.Equal("SAME_UPPER", node.Attribute.Single(a => a.Name == "auto_pad").S.ToStringUtf8()));
    }

    [Fact]
    public void Same_seed_builds_the_same_bytes_and_another_seed_does_not()
    {
        var first = I3dModelBuilder.Build(I3dStream.Flow, 6, new SeededWeights(7)).ToByteArray();
        var again = I3dModelBuilder.Build(I3dStream.Flow, 6, new SeededWeights(7)).ToByteArray();
        var other = I3dModelBuilder.Build(I3dStream.Flow, 6, new SeededWeights(8)).ToByteArray();

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Seeded_kernels_follow_he_normal_and_batch_norm_starts_as_identity()
    {
        var weights = new SeededWeights(3);
        var variables = I3dVariable.For(I3dStream.Rgb, 6);
        var kernel = variables.Single(v => v.Name.EndsWith("Mixed_4f/Branch_1/Conv3d_0b_3x3/conv_3d/w"));
        var values = weights.Read(kernel);
        var fanIn = kernel.ElementCount / kernel.OnnxShape[0];
        var std = Math.Sqrt(values.Average(v => (double)v * v));

        Assert.InRange(Math.Abs(values.Average(v => (double)v)), 0, 0.001);
        Assert.InRange(std / Math.Sqrt(2.0 / fanIn), 0.98, 1.02);
        Assert.All(weights.Read(variables.First(v => v.Kind == VariableKind.BatchNormVariance)), v => Assert.Equal(1f, v));
        Assert.All(weights.Read(variables.First(v => v.Kind == VariableKind.BatchNormMean)), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void A_head_overlay_replaces_only_the_logits_layer()
    {
        var backbone = new SeededWeights(5);
        var head = new StreamHead(Enumerable.Repeat(0.5f, 2 * 1024).ToArray(), [1f, 2f]);
        var overlay = new HeadOverlay(backbone, head);
        var variables = I3dVariable.For(I3dStream.Rgb, 2);

        Assert.Same(head.Weights, overlay.Read(variables[^2]));
        Assert.Same(head.Biases, overlay.Read(variables[^1]));
        Assert.Equal(backbone.Read(variables[0]), overlay.Read(variables[0]));
        Assert.Throws<InvalidDataException>(() => new HeadOverlay(backbone, head).Read(I3dVariable.For(I3dStream.Rgb, 3)[^1]));
    }

    [Fact]
    public void Two_stream_head_file_round_trips_and_rejects_garbage()
    {
        var head = new TwoStreamHead(
            new StreamHead(Enumerable.Range(0, 3 * 1024).Select(i => i * 0.25f).ToArray(), [1f, 2f, 3f]),
            new StreamHead(Enumerable.Range(0, 3 * 1024).Select(i => -i * 0.5f).ToArray(), [4f, 5f, 6f]));
        using var buffer = new MemoryStream();
        head.Write(buffer);
        buffer.Position = 0;

        var read = TwoStreamHead.Read(buffer, "head");

        Assert.Equal(head.Rgb.Weights, read.Rgb.Weights);
        Assert.Equal(head.Flow.Biases, read.Flow.Biases);
        var truncated = new MemoryStream(buffer.ToArray()[..100]);
        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => TwoStreamHead.Read(truncated, "head")).Message);
        Assert.Contains("bad magic", Assert.Throws<InvalidDataException>(() => TwoStreamHead.Read(new MemoryStream(new byte[64]), "head")).Message);
    }
}
