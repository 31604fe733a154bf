using ExerciseFunctions.Runtime.I3d;
using Onnx;
using static ExerciseFunctions.Runtime.I3d.OnnxGraphWriter;

namespace ExerciseFunctions.Runtime.Networks;

/// <summary>
/// ResNet-18 inflated to 3D the way the I3D paper (§2.2) inflates Inception, to start from ImageNet weights
/// (<see cref="ImageNetResNet18Weights"/>): each 2D filter is repeated along time and divided by its temporal size.
/// Only the stem is temporal (3x7x7, temporal stride 2, which halves the cost of every later layer); every other
/// convolution stays 1xkxk. With the backbone frozen, an inflated temporal kernel just averages neighbouring frames, so
/// deeper ones would add cost and no motion sensitivity; motion is the flow stream's. Time is padded by repeating the
/// edge frames, so a clip of one repeated frame gives exactly the 2D network's features (the tests check that against
/// the package's own model). Spatial padding is ImageNet's (SAME_LOWER, as the file was exported).
/// Input and outputs as I3D's: <c>input</c> [1, T, 224, 224, C]; <c>logits</c> [1, K]; <c>features</c> [1, 512].
/// </summary>
public sealed class InflatedResNet18 : StreamNetwork
{
    /// <summary>Frames in [-1, 1] back to ImageNet's 0…255 pixel range; flow in [-1, 1] (±20 px) to the same range.</summary>
    public const float InputScale = 127.5f;

    public const float BatchNormEpsilon = 1e-5f;

    public override string Name => "inflated-resnet18";

    public override string Scope => "inflated_resnet18";

    public override int FeatureChannels => 512;

    /// <summary>
    /// Width and residual blocks of each stage, as the package's file has them: its last stage has three blocks, not
    /// the paper's two (22 convolutions, not 20).
    /// </summary>
    private static readonly (int Stage, int Width, int Blocks)[] Stages = [(1, 64, 2), (2, 128, 2), (3, 256, 2), (4, 512, 3)];

    /// <summary>The convolutions, in the order the ImageNet file lists them (a block's shortcut before its own convs).</summary>
    public static IReadOnlyList<ResNetConv> Convolutions { get; } = Plan();

    private static List<ResNetConv> Plan()
    {
        var convolutions = new List<ResNetConv> { new(ResNetConv.StemName, 3, 64, 7, 2, TemporalKernel: 3, TemporalStride: 2) };
        var channels = 64;
        foreach (var (stage, width, blocks) in Stages)
        {
            for (var block = 0; block < blocks; block++)
            {
                var stride = stage > 1 && block == 0 ? 2 : 1;
                var name = $"layer{stage}.{block}";
                if (stride == 2)
                {
                    convolutions.Add(new($"{name}/downsample", channels, width, 1, 2));
                }
                convolutions.Add(new($"{name}/conv_a", channels, width, 3, stride));
                convolutions.Add(new($"{name}/conv_b", width, width, 3, 1));
                channels = width;
            }
        }
        return convolutions;
    }

    /// <summary>The variables of one stream, in graph order: the RGB input offset, each conv and its batch norm, the logits.</summary>
    public IReadOnlyList<I3dVariable> Variables(I3dStream stream, int classes)
    {
        var variables = new List<I3dVariable>();
        if (stream.Channels == 3)
        {
            variables.Add(InputOffset(stream));
        }
        foreach (var conv in Convolutions)
        {
            variables.AddRange(Of(stream, conv));
        }
        variables.AddRange(Logits(stream, classes));
        return variables;
    }

    /// <summary>127.5 minus ImageNet's mean image, RGB order: what turns a [-1, 1] frame times 127.5 into the network's input.</summary>
    public I3dVariable InputOffset(I3dStream stream) =>
        new($"{stream.Scope}/{Scope}/input/offset", VariableKind.InputOffset, [1, 3, 1, I3dArchitecture.FrameSize, I3dArchitecture.FrameSize]);

    /// <summary>A conv's kernel [out, in, t, k, k] (in: the stream's channels for the stem), then its batch norm.</summary>
    public IEnumerable<I3dVariable> Of(I3dStream stream, ResNetConv conv)
    {
        var scope = $"{stream.Scope}/{Scope}/{conv.Name}";
        var inChannels = conv.IsStem ? stream.Channels : conv.InChannels;
        yield return new($"{scope}/conv_3d/w", VariableKind.ConvKernel, [conv.OutChannels, inChannels, conv.TemporalKernel, conv.Kernel, conv.Kernel]);
        yield return new($"{scope}/batch_norm/gamma", VariableKind.BatchNormGamma, [conv.OutChannels]);
        yield return new($"{scope}/batch_norm/beta", VariableKind.BatchNormBeta, [conv.OutChannels]);
        yield return new($"{scope}/batch_norm/moving_mean", VariableKind.BatchNormMean, [conv.OutChannels]);
        yield return new($"{scope}/batch_norm/moving_variance", VariableKind.BatchNormVariance, [conv.OutChannels]);
    }

    public override double MultiplyAdds(int inputChannels, int frames, int classes)
    {
        double total = 0;
        var (time, size) = (frames, I3dArchitecture.FrameSize);
        foreach (var conv in Convolutions)
        {
            var inChannels = conv.IsStem ? inputChannels : conv.InChannels;
            // The stem's output sets the extent of everything after it (the max pool halves space again).
            var (outTime, outSize) = (Ceil(time, conv.TemporalStride), Ceil(size, conv.Stride));
            total += (double)outTime * outSize * outSize * conv.OutChannels * conv.TemporalKernel * conv.Kernel * conv.Kernel * inChannels;
            if (conv.IsStem)
            {
                (time, size) = (outTime, Ceil(outSize, 2));
            }
            else if (!conv.Name.EndsWith("/downsample", StringComparison.Ordinal))
            {
                size = outSize;
            }
        }
        return total + (double)time * size * size * FeatureChannels * classes;
    }

    private static int Ceil(int value, int divisor) => (value + divisor - 1) / divisor;

    public override ModelProto Build(I3dStream stream, int classes, IWeightSource weights)
    {
        var graph = new GraphBuilder(this, stream, weights);
        graph.Outputs(graph.Backbone(), classes);
        var model = new ModelProto { IrVersion = I3dModelBuilder.IrVersion, ProducerName = "ExerciseFunctions", Graph = graph.Writer.Graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = I3dModelBuilder.OpsetVersion });
        model.MetadataProps.Add(new StringStringEntryProto { Key = "stream", Value = stream.Scope });
        model.MetadataProps.Add(new StringStringEntryProto { Key = MetadataKey, Value = Name });
        return model;
    }

    private sealed class GraphBuilder(InflatedResNet18 network, I3dStream stream, IWeightSource weights)
    {
        private readonly string scope = $"{stream.Scope}/{network.Scope}";

        public OnnxGraphWriter Writer { get; } = new($"{network.Scope}_{stream.Scope.ToLowerInvariant()}");

        /// <summary>Input to the last block's output, [1, 512, T', 7, 7].</summary>
        public string Backbone()
        {
            const int size = I3dArchitecture.FrameSize;
            Writer.Graph.Input.Add(FloatValue(I3dModelBuilder.InputName, [1, null, size, size, stream.Channels]));
            var x = Writer.Node("Transpose", $"{scope}/input_ncthw", [I3dModelBuilder.InputName], Ints("perm", 0, 4, 1, 2, 3));
            x = Writer.Node("Mul", $"{scope}/input/scaled", [x, Scalar("input/scale", InputScale)]);
            if (stream.Channels == 3)
            {
                x = Writer.Node("Add", $"{scope}/input/centred", [x, Variable(network.InputOffset(stream))]);
            }
            var convolutions = Convolutions.ToDictionary(c => c.Name);
            x = Writer.Node("Pad", $"{scope}/conv1/time_edges", [x, Constant("conv1/time_pads", 0, 0, 1, 0, 0, 0, 0, 1, 0, 0)], String("mode", "edge"));
            // The stem pads space as ImageNet's file does (3 before, 2 after); time was padded above.
            x = Relu(Convolve(convolutions[ResNetConv.StemName], x, Ints("pads", 0, 3, 3, 0, 2, 2)));
            x = Writer.Node("MaxPool", $"{scope}/pool1", [x], Ints("kernel_shape", 1, 3, 3), Ints("strides", 1, 2, 2), String("auto_pad", "SAME_LOWER"));
            foreach (var (stage, _, blocks) in Stages)
            {
                for (var block = 0; block < blocks; block++)
                {
                    var name = $"layer{stage}.{block}";
                    var shortcut = convolutions.TryGetValue($"{name}/downsample", out var downsample) ? Convolve(downsample, x) : x;
                    var y = Convolve(convolutions[$"{name}/conv_b"], Relu(Convolve(convolutions[$"{name}/conv_a"], x)));
                    x = Relu(Writer.Node("Add", $"{scope}/{name}/sum", [y, shortcut]));
                }
            }
            return x;
        }

        /// <summary>Logits conv (with bias) on the last map, then both outputs averaged over time and space.</summary>
        public void Outputs(string map, int classes)
        {
            var head = network.Logits(stream, classes).Select(Variable).ToArray();
            var perPosition = Writer.Node("Conv", $"{scope}/{I3dArchitecture.LogitsLayer}/conv", [map, .. head], Ints("kernel_shape", 1, 1, 1));
            Writer.Node("ReduceMean", I3dModelBuilder.LogitsName, [perPosition], Ints("axes", 2, 3, 4), Int("keepdims", 0));
            Writer.Node("ReduceMean", I3dModelBuilder.FeaturesName, [map], Ints("axes", 2, 3, 4), Int("keepdims", 0));
            Writer.Graph.Output.Add(FloatValue(I3dModelBuilder.LogitsName, [1, classes]));
            Writer.Graph.Output.Add(FloatValue(I3dModelBuilder.FeaturesName, [1, network.FeatureChannels]));
        }

        /// <summary>Conv then batch norm (no ReLU: a block's second conv is summed with its shortcut first).</summary>
        private string Convolve(ResNetConv conv, string x, AttributeProto? pads = null)
        {
            var names = network.Of(stream, conv).Select(Variable).ToArray();
            var convScope = $"{scope}/{conv.Name}";
            var output = Writer.Node("Conv", $"{convScope}/conv_3d", [x, names[0]],
                Ints("kernel_shape", conv.TemporalKernel, conv.Kernel, conv.Kernel), Ints("strides", conv.TemporalStride, conv.Stride, conv.Stride),
                pads ?? String("auto_pad", "SAME_LOWER"));
            return Writer.Node("BatchNormalization", $"{convScope}/batch_norm", [output, .. names[1..]], Float("epsilon", BatchNormEpsilon));
        }

        private string Relu(string x) => Writer.Node("Relu", $"{x}/relu", [x]);

        private string Variable(I3dVariable variable) => Writer.Initializer(variable.Name, variable.OnnxShape, weights.Read(variable));

        private string Scalar(string name, float value) =>
            Writer.Node("Constant", $"{scope}/{name}", [], Tensor("value", FloatTensor($"{scope}/{name}_value", [], [value])));

        private string Constant(string name, params long[] values) =>
            Writer.Node("Constant", $"{scope}/{name}", [], Tensor("value", Int64Tensor($"{scope}/{name}_value", values)));
    }
}

/// <summary>One convolution of ResNet-18 (square kernels and strides in space), with its inflation in time.</summary>
public sealed record ResNetConv(string Name, int InChannels, int OutChannels, int Kernel, int Stride, int TemporalKernel = 1, int TemporalStride = 1)
{
    public const string StemName = "conv1";

    /// <summary>The first convolution: it reads the stream's own channels (3 RGB or 2 flow), not <see cref="InChannels"/>.</summary>
    public bool IsStem => Name == StemName;
}
