using ExerciseFunctions.Modelling.Checkpoints.Proto;
using ExerciseFunctions.Runtime.I3d;

namespace ExerciseFunctions.Modelling.Checkpoints;

public enum MappingStatus { Mapped, Missing, Extra, ShapeMismatch, NotFloat, TrainingState }

/// <summary>How one checkpoint tensor maps onto one graph variable (either side may be absent).</summary>
public sealed record VariableMapping(string CheckpointName, BundleTensor? Tensor, I3dVariable? Variable, MappingStatus Status)
{
    public string Describe() => Status switch
    {
        MappingStatus.Mapped => $"mapped    {CheckpointName} [{Tensor!.ShapeText}] -> {Variable!.Name} [{string.Join('x', Variable.OnnxShape)}]",
        MappingStatus.Missing => $"missing   {CheckpointName} [{string.Join('x', Variable!.TensorFlowShape)}] (needed by the graph)",
        MappingStatus.Extra => $"extra     {CheckpointName} [{Tensor!.ShapeText}] (no graph variable)",
        MappingStatus.ShapeMismatch => $"mis-shaped {CheckpointName} [{Tensor!.ShapeText}], the graph needs [{string.Join('x', Variable!.TensorFlowShape)}]",
        MappingStatus.TrainingState => $"skipped   {CheckpointName} [{Tensor!.ShapeText}] (optimizer state)",
        _ => $"not float {CheckpointName} ({Tensor!.DType})",
    };
}

/// <summary>A checkpoint matched against the graph variables it should supply: one backbone stream, or a head.</summary>
public sealed class CheckpointMapping
{
    /// <summary>Scope of the head-only checkpoints: <c>RGB/Conv3d_0c_1x1/conv_3d/{w,b}</c>, <c>Flow/...</c>.</summary>
    public const string HeadLayer = "Conv3d_0c_1x1";

    private CheckpointMapping(string description, TensorBundle bundle, IReadOnlyList<VariableMapping> variables)
    {
        Description = description;
        Bundle = bundle;
        Variables = variables;
    }

    public string Description { get; }
    public TensorBundle Bundle { get; }
    public IReadOnlyList<VariableMapping> Variables { get; }

    public IEnumerable<VariableMapping> Problems => Variables.Where(v => v.Status is not (MappingStatus.Mapped or MappingStatus.TrainingState));
    public bool Fits => !Problems.Any();

    /// <summary>Classes of the logits layer, read from the bias shape (0 when absent).</summary>
    public int Classes { get; private init; }

    /// <summary>
    /// Every variable of one stream's backbone and logits layer. The Kinetics-400 checkpoints name them as the graph
    /// does (<c>RGB/inception_i3d/Conv3d_1a_7x7/conv_3d/w</c>); the Kinetics-600 one (rgb_scratch_kin600) has no
    /// scope (<c>Conv3d_1a_7x7/conv_3d/w</c>), which is read when the stream's scope is absent.
    /// </summary>
    public static CheckpointMapping Backbone(TensorBundle bundle, I3dStream stream)
    {
        var scope = $"{stream.Scope}/{I3dArchitecture.NetworkScope}/";
        var unscoped = !bundle.Tensors.Keys.Any(name => name.StartsWith(scope, StringComparison.Ordinal)) && bundle.Tensors.ContainsKey(UnscopedStem);
        string CheckpointName(I3dVariable v) => unscoped ? v.Name[scope.Length..] : v.Name;
        var classes = ClassesFrom(bundle, CheckpointName(I3dVariable.OfLogits(stream, 1).Last()));
        var expected = I3dVariable.For(stream, Math.Max(classes, 1)).Select(v => (CheckpointName(v), v));
        return new($"{stream} backbone{(unscoped ? " (unscoped names)" : "")}", bundle, Match(bundle, expected)) { Classes = classes };
    }

    /// <summary>The first convolution's kernel in an unscoped checkpoint; its input channels tell the stream.</summary>
    public const string UnscopedStem = "Conv3d_1a_7x7/conv_3d/w";

    /// <summary>The logits layers of both streams, as a head checkpoint names them.</summary>
    public static CheckpointMapping Head(TensorBundle bundle)
    {
        var classes = ClassesFrom(bundle, HeadName(I3dStream.Rgb, I3dVariable.OfLogits(I3dStream.Rgb, 1).Last()));
        var expected = I3dStream.Both.SelectMany(stream => I3dVariable.OfLogits(stream, Math.Max(classes, 1)).Select(v => (HeadName(stream, v), v)));
        return new("two-stream head", bundle, Match(bundle, expected)) { Classes = classes };
    }

    /// <summary>
    /// Picks the mapping that fits the checkpoint's variable names: a two-stream head, each stream scope present, or
    /// an unscoped stream (RGB or flow by the first kernel's input channels). Any other layout is refused by name.
    /// </summary>
    public static IReadOnlyList<CheckpointMapping> Detect(TensorBundle bundle)
    {
        var names = bundle.Tensors.Keys;
        if (I3dStream.Both.Any(stream => names.Contains(HeadName(stream, I3dVariable.OfLogits(stream, 1).First()))))
        {
            return [Head(bundle)];
        }
        var streams = I3dStream.Both.Where(stream => names.Any(name => name.StartsWith($"{stream.Scope}/{I3dArchitecture.NetworkScope}/", StringComparison.Ordinal))).ToArray();
        if (streams.Length > 0)
        {
            return streams.Select(stream => Backbone(bundle, stream)).ToArray();
        }
        if (bundle.Tensors.TryGetValue(UnscopedStem, out var stem) && stem.Shape.Length == 5
            && I3dStream.Both.FirstOrDefault(s => s.Channels == stem.Shape[3]) is { } unscopedStream)
        {
            return [Backbone(bundle, unscopedStream)];
        }
        throw new InvalidDataException(
            $"Checkpoint {bundle.Prefix} has a layout this importer cannot map: no I3D stream under RGB/{I3dArchitecture.NetworkScope}/ or Flow/{I3dArchitecture.NetworkScope}/, "
            + $"no unscoped I3D stream ({UnscopedStem} with 3 or 2 input channels) and no two-stream head (RGB/{HeadLayer}/conv_3d/w). "
            + $"Its first variables: {string.Join(", ", names.Take(5))}.");
    }

    /// <summary>Throws, listing every missing, extra and mis-shaped variable, unless the checkpoint fits.</summary>
    public CheckpointMapping EnsureFits()
    {
        var problems = Problems.ToArray();
        return problems.Length == 0
            ? this
            : throw new InvalidDataException(
                $"Checkpoint {Bundle.Prefix} does not fit the I3D {Description} ({problems.Length} problems): {string.Join("; ", problems.Select(p => p.Describe()))}");
    }

    /// <summary>The mapped weights, in ONNX layout, as a weight source for the graph builder.</summary>
    public IWeightSource Weights() => new CheckpointWeights(EnsureFits());

    private static string HeadName(I3dStream stream, I3dVariable logitsVariable) =>
        $"{stream.Scope}/{HeadLayer}/conv_3d/{logitsVariable.Name[(logitsVariable.Name.LastIndexOf('/') + 1)..]}";

    private static int ClassesFrom(TensorBundle bundle, string biasName) =>
        bundle.Tensors.TryGetValue(biasName, out var bias) && bias.Shape.Length == 1 ? bias.Shape[0] : 0;

    /// <summary>Expected variables against the checkpoint's tensors in the same scopes; tensors outside them are extra.</summary>
    private static List<VariableMapping> Match(TensorBundle bundle, IEnumerable<(string CheckpointName, I3dVariable Variable)> expected)
    {
        var mappings = new List<VariableMapping>();
        var expectedNames = new HashSet<string>();
        foreach (var (name, variable) in expected)
        {
            expectedNames.Add(name);
            bundle.Tensors.TryGetValue(name, out var tensor);
            var status = tensor is null ? MappingStatus.Missing
                : tensor.DType != DataType.DtFloat ? MappingStatus.NotFloat
                : !tensor.Shape.SequenceEqual(variable.TensorFlowShape) ? MappingStatus.ShapeMismatch
                : MappingStatus.Mapped;
            mappings.Add(new(name, tensor, variable, status));
        }
        mappings.AddRange(bundle.Tensors.Values.Where(t => !expectedNames.Contains(t.Name))
            .Select(t => new VariableMapping(t.Name, t, null, IsTrainingState(t.Name) ? MappingStatus.TrainingState : MappingStatus.Extra)));
        return mappings;
    }

    /// <summary>Optimizer slots and counters saved with a training run (e.g. <c>…/w/Momentum</c>, <c>global_step</c>): not weights.</summary>
    private static bool IsTrainingState(string name) =>
        TrainingCounters.Contains(name) || OptimizerSlots.Any(slot => name.EndsWith($"/{slot}", StringComparison.Ordinal));

    private static readonly string[] OptimizerSlots = ["Momentum", "Adam", "Adam_1", "RMSProp", "RMSProp_1", "ExponentialMovingAverage"];
    private static readonly HashSet<string> TrainingCounters = ["global_step", "beta1_power", "beta2_power"];
}
