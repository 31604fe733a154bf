using ExerciseFunctions.Modelling.Checkpoints;
using ExerciseFunctions.Modelling.Checkpoints.Proto;

namespace ExerciseFunctions.Modelling.Tests.Checkpoints;

/// <summary>
/// The project's reader on Checkpoints/Reference/spec.ckpt, a tensor bundle that tools/reference/tensor_bundle_reference.py
/// built byte by byte from the format's specification (no TensorFlow, none of the project's writer): several prefix-
/// compressed table blocks, data stored in reverse name order, a non-float tensor. The values follow that script's formulas.
/// </summary>
public sealed class SpecBundleTests
{
    public static readonly string Prefix = Path.Combine(AppContext.BaseDirectory, "Checkpoints", "Reference", "spec.ckpt");

    /// <summary>The kernel's element at TF coordinates [t, h, w, in, out] encodes them: 10000 t + 1000 h + 100 w + 10 in + out + 0.25.</summary>
    public static float KernelValue(int t, int h, int w, int i, int o) => 10000 * t + 1000 * h + 100 * w + 10 * i + o + 0.25f;

    private static Dictionary<string, (int[] Shape, float[] Values)> ExpectedFloats()
    {
        var expected = new Dictionary<string, (int[], float[])>
        {
            ["Spec/kernel/w"] = ([2, 3, 4, 5, 6],
                [.. from t in Enumerable.Range(0, 2) from h in Enumerable.Range(0, 3) from w in Enumerable.Range(0, 4)
                    from i in Enumerable.Range(0, 5) from o in Enumerable.Range(0, 6) select KernelValue(t, h, w, i, o)]),
            ["Spec/bias"] = ([6], [.. Enumerable.Range(0, 6).Select(k => -0.5f * (k + 1))]),
            ["Spec/matrix"] = ([3, 7], [.. from r in Enumerable.Range(0, 3) from c in Enumerable.Range(0, 7) select -(100f * r + c) - 0.125f]),
            ["Spec/scalar"] = ([], [3.75f]),
        };
        for (var n = 0; n < 12; n++)
            expected[$"Spec/layer_{n:D2}/beta"] = ([n + 1], [.. Enumerable.Range(0, n + 1).Select(j => 1000f * n + j + 0.5f)]);
        return expected;
    }

    [Fact]
    public void Every_element_of_every_tensor_reads_as_the_specification_wrote_it()
    {
        var bundle = TensorBundle.Open(Prefix);
        var expected = ExpectedFloats();

        Assert.Equal(1, bundle.Header.NumShards);
        Assert.Equal(expected.Keys.Append("Spec/global_step").Order(StringComparer.Ordinal), bundle.Tensors.Keys);
        Assert.Equal((DataType.DtInt64, 0, 8L), (bundle.Tensors["Spec/global_step"].DType, bundle.Tensors["Spec/global_step"].Shape.Length, bundle.Tensors["Spec/global_step"].Size));
        Assert.All(expected, pair =>
        {
            Assert.Equal(pair.Value.Shape, bundle.Tensors[pair.Key].Shape);
            Assert.Equal(pair.Value.Values, bundle.ReadFloats(pair.Key));
        });
    }

    [Fact]
    public void A_kernel_goes_to_onnx_layout_with_every_element_at_its_coordinates()
    {
        // Distinct extents (t 2, h 3, w 4, in 5, out 6) and values that spell their coordinates: every other axis
        // order, and every offset error, puts some element where its value does not match.
        var tf = TensorBundle.Open(Prefix).ReadFloats("Spec/kernel/w");
        int[] onnxShape = [6, 5, 2, 3, 4];

        var onnx = KernelLayout.TensorFlowToOnnx(tf, onnxShape);

        var index = 0;
        for (var o = 0; o < 6; o++)
        for (var i = 0; i < 5; i++)
        for (var t = 0; t < 2; t++)
        for (var h = 0; h < 3; h++)
        for (var w = 0; w < 4; w++)
            Assert.Equal(KernelValue(t, h, w, i, o), onnx[index++]);
        Assert.Equal(tf, KernelLayout.OnnxToTensorFlow(onnx, onnxShape));
    }
}
