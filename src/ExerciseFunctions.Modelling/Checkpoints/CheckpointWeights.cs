using ExerciseFunctions.Runtime.I3d;

namespace ExerciseFunctions.Modelling.Checkpoints;

/// <summary>
/// Weights of a checkpoint that fits the graph, every tensor read and CRC-checked up front (so nothing is written
/// from a checkpoint with a corrupt tensor); kernels go from TF [t,h,w,in,out] to ONNX [out,in,t,h,w].
/// </summary>
internal sealed class CheckpointWeights(CheckpointMapping mapping) : IWeightSource
{
    private readonly Dictionary<string, float[]> values = mapping.Variables
        .Where(v => v.Status == MappingStatus.Mapped)
        .ToDictionary(v => v.Variable!.Name, v => ToOnnx(mapping.Bundle.ReadFloats(v.CheckpointName), v.Variable!));

    public float[] Read(I3dVariable variable) => values.TryGetValue(variable.Name, out var value)
        ? value
        : throw new InvalidDataException($"Checkpoint {mapping.Bundle.Prefix} has no value for {variable.Name}.");

    private static float[] ToOnnx(float[] values, I3dVariable variable) =>
        variable.Kind == VariableKind.ConvKernel ? KernelLayout.TensorFlowToOnnx(values, variable.OnnxShape) : values;
}

/// <summary>Conv kernel layout conversions between TensorFlow [t,h,w,in,out] and ONNX [out,in,t,h,w].</summary>
public static class KernelLayout
{
    public static float[] TensorFlowToOnnx(float[] tf, int[] onnxShape) => Permute(tf, onnxShape, toOnnx: true);

    public static float[] OnnxToTensorFlow(float[] onnx, int[] onnxShape) => Permute(onnx, onnxShape, toOnnx: false);

    private static float[] Permute(float[] source, int[] onnxShape, bool toOnnx)
    {
        var (outputs, inputs) = (onnxShape[0], onnxShape[1]);
        var spatial = onnxShape[2] * onnxShape[3] * onnxShape[4];
        var result = new float[source.Length];
        for (var s = 0; s < spatial; s++)
        {
            for (var i = 0; i < inputs; i++)
            {
                for (var o = 0; o < outputs; o++)
                {
                    var (tfIndex, onnxIndex) = ((s * inputs + i) * outputs + o, (o * inputs + i) * spatial + s);
                    if (toOnnx)
                    {
                        result[onnxIndex] = source[tfIndex];
                    }
                    else
                    {
                        result[tfIndex] = source[onnxIndex];
                    }
                }
            }
        }
        return result;
    }
}
