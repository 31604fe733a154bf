using ExerciseFunctions.Runtime.I3d;
using Onnx;

namespace ExerciseFunctions.Runtime.Networks;

/// <summary>
/// The network of a model's streams: how its graph is built from a weight source, and its logits layer. Every network
/// takes the same input (<c>input</c> [1, T, 224, 224, C]) and gives the same outputs (<c>logits</c> [1, K] and
/// <c>features</c> [1, F], averaged over time), so the runtime runs any of them alike.
/// </summary>
public abstract class StreamNetwork
{
    /// <summary>The ONNX metadata key naming the network; a model without it is I3D (the first network).</summary>
    public const string MetadataKey = "architecture";

    public static StreamNetwork I3d { get; } = new I3dNetwork();

    public static StreamNetwork InflatedResNet18 { get; } = new InflatedResNet18();

    public static IReadOnlyList<StreamNetwork> All { get; } = [I3d, InflatedResNet18];

    /// <summary>What <c>--backbone</c> and the metadata call it.</summary>
    public abstract string Name { get; }

    /// <summary>The variable scope under each stream's scope, e.g. <c>RGB/inception_i3d/…</c>.</summary>
    public abstract string Scope { get; }

    public abstract int FeatureChannels { get; }

    /// <summary>Multiply-adds of one forward pass (convolutions only), for cost comparisons.</summary>
    public abstract double MultiplyAdds(int inputChannels, int frames, int classes);

    public abstract ModelProto Build(I3dStream stream, int classes, IWeightSource weights);

    /// <summary>The logits layer's kernel and bias.</summary>
    public IEnumerable<I3dVariable> Logits(I3dStream stream, int classes) => I3dVariable.OfLogits(stream, classes, Scope, FeatureChannels);

    public static StreamNetwork Named(string name) =>
        All.SingleOrDefault(network => network.Name == name)
        ?? throw new ArgumentException($"Unknown backbone '{name}'; known: {string.Join(", ", All.Select(n => n.Name))}.");

    /// <summary>The network a built stream model declares.</summary>
    public static StreamNetwork Of(ModelProto model) =>
        model.MetadataProps.SingleOrDefault(p => p.Key == MetadataKey) is { } entry ? Named(entry.Value) : I3d;

    public override string ToString() => Name;

    private sealed class I3dNetwork : StreamNetwork
    {
        public override string Name => "i3d";

        public override string Scope => I3dArchitecture.NetworkScope;

        public override int FeatureChannels => I3dArchitecture.FeatureChannels;

        public override double MultiplyAdds(int inputChannels, int frames, int classes) => I3dCost.MultiplyAdds(inputChannels, frames, classes);

        public override ModelProto Build(I3dStream stream, int classes, IWeightSource weights) => I3dModelBuilder.Build(stream, classes, weights);
    }
}
