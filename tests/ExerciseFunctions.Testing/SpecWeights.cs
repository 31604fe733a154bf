using System.Text;
using ExerciseFunctions.Runtime.I3d;

namespace ExerciseFunctions.Testing;

/// <summary>
/// The weight and input generator of tools/reference/weight_spec.py, value for value, so a test can build the very
/// model and clip the reference scripts computed with. Each value depends only on (seed, name, index in the
/// TensorFlow layout): u = splitmix64((fnv1a64(name) ^ seed) + index) &gt;&gt; 11, times 2^-53.
/// </summary>
public sealed class SpecWeights(int seed) : IWeightSource
{
    public float[] Read(I3dVariable variable)
    {
        var tf = TensorFlowValues(variable);
        return variable.Kind == VariableKind.ConvKernel ? ToOnnxLayout(tf, variable.OnnxShape) : tf;
    }

    /// <summary>The variable as a TensorFlow checkpoint holds it (kernels [t, h, w, in, out]).</summary>
    public float[] TensorFlowValues(I3dVariable variable) => Values(variable.Name, variable.TensorFlowShape);

    /// <summary>The input clip [1, T, 224, 224, C] of <paramref name="stream"/>; a shorter clip is a prefix of a longer one.</summary>
    public float[] Clip(I3dStream stream, int frames) =>
        Symmetric($"{stream.Scope}/input", frames * I3dArchitecture.FrameSize * I3dArchitecture.FrameSize * stream.Channels, 1.0);

    private float[] Values(string name, int[] tfShape)
    {
        var count = tfShape.Aggregate(1, (product, dim) => product * dim);
        var leaf = name[(name.LastIndexOf('/') + 1)..];
        switch (leaf)
        {
            case "w":
                var gain = name.Contains("/Logits/", StringComparison.Ordinal) ? 1.0 : 2.0;
                return Symmetric(name, count, Math.Sqrt(3.0 * gain / (count / tfShape[^1])));
            case "b" or "beta" or "moving_mean":
                return Symmetric(name, count, 0.1);
            case "moving_variance":
                var values = new float[count];
                var key = Key(name);
                for (var i = 0; i < count; i++)
                    values[i] = (float)(0.5 + Uniform(key, i));
                return values;
            default:
                throw new ArgumentException($"No spec for variable '{name}'.", nameof(name));
        }
    }

    private float[] Symmetric(string name, int count, double scale)
    {
        var values = new float[count];
        var key = Key(name);
        for (var i = 0; i < count; i++)
            values[i] = (float)((2.0 * Uniform(key, i) - 1.0) * scale);
        return values;
    }

    private ulong Key(string name)
    {
        var hash = 0xCBF29CE484222325UL;
        foreach (var b in Encoding.UTF8.GetBytes(name))
            hash = (hash ^ b) * 0x100000001B3UL;
        return hash ^ (ulong)seed;
    }

    private static double Uniform(ulong key, long index)
    {
        var z = key + (ulong)index + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (z >> 11) * (1.0 / (1UL << 53));
    }

    /// <summary>[t, h, w, in, out] to [out, in, t, h, w], written out here rather than taken from the code under test.</summary>
    private static float[] ToOnnxLayout(float[] tf, int[] onnxShape)
    {
        var (o, n, t, h, w) = (onnxShape[0], onnxShape[1], onnxShape[2], onnxShape[3], onnxShape[4]);
        var onnx = new float[tf.Length];
        var index = 0;
        for (var oi = 0; oi < o; oi++)
        for (var ni = 0; ni < n; ni++)
        for (var ti = 0; ti < t; ti++)
        for (var hi = 0; hi < h; hi++)
        for (var wi = 0; wi < w; wi++)
            onnx[index++] = tf[(((ti * h + hi) * w + wi) * n + ni) * o + oi];
        return onnx;
    }
}
