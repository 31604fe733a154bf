using Google.Protobuf;
using Onnx;
using static ExerciseFunctions.Runtime.I3d.OnnxGraphWriter;

namespace ExerciseFunctions.Runtime.I3d;

/// <summary>
/// Builds one I3D stream as an ONNX model (IR 8, opset 17) whose initializers are the checkpoint variables.
/// Input <c>input</c> [1, T, 224, 224, C] (NTHWC, any T ≥ 9); outputs <c>logits</c> [1, K] and
/// <c>features</c> [1, 1024], both averaged over time. TF "SAME" padding is <c>auto_pad=SAME_UPPER</c>.
/// </summary>
public static class I3dModelBuilder
{
    public const string InputName = "input";
    public const string LogitsName = "logits";
    public const string FeaturesName = "features";
    public const int OpsetVersion = 17;
    public const long IrVersion = 8;

    public static ModelProto Build(I3dStream stream, int classes, IWeightSource weights)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        var graph = new GraphBuilder(stream, weights);
        var features = graph.Backbone();
        graph.Outputs(features, classes);

        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "ExerciseFunctions",
            Graph = graph.Writer.Graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OpsetVersion });
        model.MetadataProps.Add(new StringStringEntryProto { Key = "stream", Value = stream.Scope });
        return model;
    }

    /// <summary>Also exposes the named intermediate values of <paramref name="model"/> as float outputs of any shape.</summary>
    public static ModelProto WithOutputs(ModelProto model, IEnumerable<string> valueNames)
    {
        model.Graph.Output.AddRange(valueNames.Select(name => new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float } },
        }));
        return model;
    }

    public static void Write(string path, I3dStream stream, int classes, IWeightSource weights)
    {
        var model = Build(stream, classes, weights);
        using var file = File.Create(path);
        model.WriteTo(file);
    }

    private sealed class GraphBuilder(I3dStream stream, IWeightSource weights)
    {
        public OnnxGraphWriter Writer { get; } = new($"i3d_{stream.Scope.ToLowerInvariant()}");

        /// <summary>Input through Mixed_5c and the final average pool; returns the pooled value's name.</summary>
        public string Backbone()
        {
            Writer.Graph.Input.Add(FloatValue(InputName, [1, null, I3dArchitecture.FrameSize, I3dArchitecture.FrameSize, stream.Channels]));
            var x = Track(Writer.Node("Transpose", $"{stream.Scope}/input_ncthw", [InputName], Ints("perm", 0, 4, 1, 2, 3)), stream.Channels);
            foreach (var layer in I3dArchitecture.Backbone)
            {
                var scope = I3dArchitecture.LayerScope(stream, layer.Name);
                x = layer switch
                {
                    Unit3D unit => Unit(scope, unit, x),
                    MaxPool3D pool => MaxPool(scope, pool, x),
                    MixedBlock block => Mixed(scope, block, x),
                    _ => throw new InvalidOperationException($"Unknown layer {layer}"),
                };
            }
            return Writer.Node("AveragePool", $"{I3dArchitecture.LayerScope(stream, "Logits")}/AvgPool3d_0a_7x7", [x],
                Ints("kernel_shape", I3dArchitecture.FinalPool.ToArray()), Ints("strides", 1, 1, 1));
        }

        /// <summary>Logits conv (with bias, no BN, no ReLU), then both outputs averaged over time and space.</summary>
        public void Outputs(string pooled, int classes)
        {
            var scope = I3dArchitecture.LayerScope(stream, I3dArchitecture.LogitsLayer);
            var head = I3dVariable.OfLogits(stream, classes).Select(Variable).ToArray();
            var perTime = Writer.Node("Conv", $"{scope}/conv", [pooled, .. head], Ints("kernel_shape", 1, 1, 1));
            Writer.Node("ReduceMean", LogitsName, [perTime], Ints("axes", 2, 3, 4), Int("keepdims", 0));
            Writer.Node("ReduceMean", FeaturesName, [pooled], Ints("axes", 2, 3, 4), Int("keepdims", 0));
            Writer.Graph.Output.Add(FloatValue(LogitsName, [1, classes]));
            Writer.Graph.Output.Add(FloatValue(FeaturesName, [1, I3dArchitecture.FeatureChannels]));
        }

        private string Variable(I3dVariable variable) => Writer.Initializer(variable.Name, variable.OnnxShape, weights.Read(variable));

        private string Unit(string scope, Unit3D unit, string x)
        {
            var names = I3dVariable.OfUnit(scope, unit, ChannelsOf(x)).Select(Variable).ToArray();
            var (kernel, beta, mean, variance) = (names[0], names[1], names[2], names[3]);
            var conv = Writer.Node("Conv", $"{scope}/conv_3d", [x, kernel],
                Ints("kernel_shape", unit.Kernel.ToArray()), Ints("strides", unit.Stride.ToArray()), String("auto_pad", "SAME_UPPER"));
            // The checkpoints have no BN scale (gamma = 1); it is a constant node so initializers stay one-to-one.
            var scale = Writer.Node("Constant", $"{scope}/batch_norm/gamma", [],
                Tensor("value", FloatTensor($"{scope}/batch_norm/gamma_value", [unit.OutChannels], Ones(unit.OutChannels))));
            var normed = Writer.Node("BatchNormalization", $"{scope}/batch_norm", [conv, scale, beta, mean, variance],
                Float("epsilon", I3dArchitecture.BatchNormEpsilon));
            return Track(Writer.Node("Relu", $"{scope}/Relu", [normed]), unit.OutChannels);
        }

        private string MaxPool(string scope, MaxPool3D pool, string x) =>
            Track(Writer.Node("MaxPool", scope, [x],
                Ints("kernel_shape", pool.Kernel.ToArray()), Ints("strides", pool.Stride.ToArray()), String("auto_pad", "SAME_UPPER")),
                ChannelsOf(x));

        private string Mixed(string scope, MixedBlock block, string x)
        {
            var outputs = new List<string>();
            foreach (var (branch, index) in block.Branches.Select((branch, index) => (branch, index)))
            {
                var y = index == MixedBlock.PooledBranch ? MaxPool($"{scope}/{MixedBlock.BranchPool.Name}", MixedBlock.BranchPool, x) : x;
                outputs.Add(branch.Aggregate(y, (input, unit) => Unit($"{scope}/{unit.Name}", unit, input)));
            }
            return Track(Writer.Node("Concat", $"{scope}/concat", outputs, Int("axis", 1)), block.OutChannels);
        }

        // Channel count of every value produced so far, so each unit knows its input channels.
        private readonly Dictionary<string, int> channels = new();

        private string Track(string value, int valueChannels)
        {
            channels[value] = valueChannels;
            return value;
        }

        private int ChannelsOf(string value) => channels[value];

        private static float[] Ones(int count)
        {
            var ones = new float[count];
            Array.Fill(ones, 1f);
            return ones;
        }
    }
}
