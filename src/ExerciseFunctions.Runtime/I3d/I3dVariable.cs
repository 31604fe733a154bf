namespace ExerciseFunctions.Runtime.I3d;

public enum VariableKind { ConvKernel, ConvBias, BatchNormBeta, BatchNormMean, BatchNormVariance, BatchNormGamma, InputOffset }

/// <summary>
/// One trainable or moving variable of the network, named as in the public TensorFlow checkpoints.
/// Graph initializers carry these names; kernels are stored in ONNX layout [out, in, t, h, w].
/// </summary>
public sealed record I3dVariable(string Name, VariableKind Kind, int[] OnnxShape)
{
    public long ElementCount => OnnxShape.Aggregate(1L, (product, dim) => product * dim);

    /// <summary>The checkpoint layout: kernels are [t, h, w, in, out], everything else as in ONNX.</summary>
    public int[] TensorFlowShape => Kind == VariableKind.ConvKernel
        ? [OnnxShape[2], OnnxShape[3], OnnxShape[4], OnnxShape[1], OnnxShape[0]]
        : OnnxShape;

    /// <summary>The variables of one stream, in graph order.</summary>
    public static IReadOnlyList<I3dVariable> For(I3dStream stream, int classes)
    {
        var variables = new List<I3dVariable>();
        var channels = stream.Channels;
        foreach (var layer in I3dArchitecture.Backbone)
        {
            var scope = I3dArchitecture.LayerScope(stream, layer.Name);
            switch (layer)
            {
                case Unit3D unit:
                    variables.AddRange(OfUnit(scope, unit, channels));
                    channels = unit.OutChannels;
                    break;
                case MixedBlock block:
                    foreach (var branch in block.Branches)
                    {
                        var branchChannels = channels;
                        foreach (var unit in branch)
                        {
                            variables.AddRange(OfUnit($"{scope}/{unit.Name}", unit, branchChannels));
                            branchChannels = unit.OutChannels;
                        }
                    }
                    channels = block.OutChannels;
                    break;
            }
        }
        variables.AddRange(OfLogits(stream, classes));
        return variables;
    }

    public static IEnumerable<I3dVariable> OfLogits(I3dStream stream, int classes) =>
        OfLogits(stream, classes, I3dArchitecture.NetworkScope, I3dArchitecture.FeatureChannels);

    /// <summary>The logits layer of any stream network: a 1x1x1 conv on its last feature map, named alike in every network.</summary>
    public static IEnumerable<I3dVariable> OfLogits(I3dStream stream, int classes, string networkScope, int featureChannels)
    {
        var scope = $"{stream.Scope}/{networkScope}/{I3dArchitecture.LogitsLayer}/conv_3d";
        yield return new($"{scope}/w", VariableKind.ConvKernel, [classes, featureChannels, 1, 1, 1]);
        yield return new($"{scope}/b", VariableKind.ConvBias, [classes]);
    }

    /// <summary>The variables of one Unit3D: the conv kernel, then the batch norm's beta and moving statistics.</summary>
    public static IEnumerable<I3dVariable> OfUnit(string scope, Unit3D unit, int inChannels)
    {
        var kernel = unit.Kernel;
        yield return new($"{scope}/conv_3d/w", VariableKind.ConvKernel, [unit.OutChannels, inChannels, kernel.T, kernel.H, kernel.W]);
        yield return new($"{scope}/batch_norm/beta", VariableKind.BatchNormBeta, [unit.OutChannels]);
        yield return new($"{scope}/batch_norm/moving_mean", VariableKind.BatchNormMean, [unit.OutChannels]);
        yield return new($"{scope}/batch_norm/moving_variance", VariableKind.BatchNormVariance, [unit.OutChannels]);
    }
}
