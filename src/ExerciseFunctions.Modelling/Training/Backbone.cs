using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using ExerciseFunctions.Runtime.I3d;
using ExerciseFunctions.Runtime.Models;
using ExerciseFunctions.Runtime.Networks;
using Onnx;

namespace ExerciseFunctions.Modelling.Training;

/// <summary>
/// The frozen network whose features the new head is trained on: a model directory (its own head is ignored),
/// its variables as weight sources for writing the trained model, and a version that changes only when a
/// backbone variable does (it keys the feature cache).
/// </summary>
public sealed class Backbone
{
    private readonly IReadOnlyDictionary<I3dStream, IWeightSource> weights;

    private Backbone(ModelDirectory model, StreamNetwork network, IReadOnlyDictionary<I3dStream, IWeightSource> weights, string version)
    {
        Model = model;
        Network = network;
        this.weights = weights;
        Version = version;
    }

    public ModelDirectory Model { get; }

    /// <summary>The network both streams are built as (I3D, or the inflated ResNet-18).</summary>
    public StreamNetwork Network { get; }

    /// <summary>Short hash of every variable outside the logits layer, of both streams.</summary>
    public string Version { get; }

    public IWeightSource Weights(I3dStream stream) => weights[stream];

    /// <summary>The model's own logits layers, as <see cref="HeadOverlay"/> writes them.</summary>
    public TwoStreamHead Head(int classes) => new(StreamHeadOf(I3dStream.Rgb, classes), StreamHeadOf(I3dStream.Flow, classes));

    private StreamHead StreamHeadOf(I3dStream stream, int classes)
    {
        var logits = Network.Logits(stream, classes).ToList();
        var source = weights[stream];
        return new StreamHead(source.Read(logits.Single(v => v.Kind == VariableKind.ConvKernel)), source.Read(logits.Single(v => v.Kind == VariableKind.ConvBias)))
            .Validate($"{Model.Path} {stream.FileName}", Network.FeatureChannels);
    }

    public static Backbone Load(ModelDirectory model)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var weights = new Dictionary<I3dStream, IWeightSource>();
        var networks = new HashSet<StreamNetwork>();
        foreach (var stream in I3dStream.Both)
        {
            var source = OnnxInitializerWeights.Read(Path.Combine(model.Path, stream.FileName));
            source.AppendBackboneTo(hash);
            weights[stream] = source;
            networks.Add(source.Network);
        }
        if (networks.Count > 1)
        {
            throw new InvalidDataException($"{model.Path}: the streams are built as different networks ({string.Join(", ", networks)}).");
        }
        return new Backbone(model, networks.Single(), weights, Convert.ToHexStringLower(hash.GetHashAndReset())[..16]);
    }
}

/// <summary>The variables of a built I3D stream, read back from its ONNX initializers.</summary>
internal sealed class OnnxInitializerWeights : IWeightSource
{
    private readonly string path;
    private readonly IReadOnlyList<TensorProto> initializers;
    private readonly Dictionary<string, TensorProto> byName;

    private OnnxInitializerWeights(string path, ModelProto model)
    {
        this.path = path;
        initializers = model.Graph.Initializer.ToArray();
        byName = initializers.ToDictionary(t => t.Name);
        Network = StreamNetwork.Of(model);
    }

    public StreamNetwork Network { get; }

    public static OnnxInitializerWeights Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"backbone model file not found: {path}", path);
        }
        using var file = File.OpenRead(path);
        try
        {
            return new OnnxInitializerWeights(path, ModelProto.Parser.ParseFrom(file));
        }
        catch (Google.Protobuf.InvalidProtocolBufferException e)
        {
            throw new InvalidDataException($"{path} is not an ONNX model: {e.Message}");
        }
    }

    public float[] Read(I3dVariable variable)
    {
        if (!byName.TryGetValue(variable.Name, out var tensor))
        {
            throw new InvalidDataException($"{path} has no variable {variable.Name}: the file is a {Network} model of another topology.");
        }
        var values = Values(tensor);
        if (values.Length != variable.ElementCount)
        {
            throw new InvalidDataException($"{path}: {variable.Name} has {values.Length} values, expected {variable.ElementCount}.");
        }
        return values;
    }

    /// <summary>Feeds every non-logits variable (name and values, in graph order) to <paramref name="hash"/>.</summary>
    public void AppendBackboneTo(IncrementalHash hash)
    {
        foreach (var tensor in initializers.Where(t => !t.Name.Contains(I3dArchitecture.LogitsLayer, StringComparison.Ordinal)))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(tensor.Name));
            hash.AppendData(MemoryMarshal.AsBytes(Values(tensor).AsSpan()));
        }
    }

    private static float[] Values(TensorProto tensor) => tensor.RawData.IsEmpty
        ? tensor.FloatData.ToArray()
        : MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray();
}
