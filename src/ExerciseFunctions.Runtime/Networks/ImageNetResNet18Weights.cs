using System.Runtime.InteropServices;
using ExerciseFunctions.Runtime.I3d;
using Onnx;

namespace ExerciseFunctions.Runtime.Networks;

/// <summary>
/// ImageNet ResNet-18 weights for <see cref="InflatedResNet18"/>, read from the NuGet package
/// Microsoft.ML.DnnImageFeaturizer.ResNet18 (MIT): its <c>ResNet18.onnx</c> (a CNTK export: 22 convs, each followed by
/// its batch norm) and <c>ResNetPreprocess.onnx</c> (RGB to BGR, minus a mean image). The build copies both beside the
/// binaries; nothing of them is in the repository. Kernels are inflated for each stream: repeated along time and divided
/// by the temporal size; the RGB stem takes the colour channels in RGB order (the file's are BGR); the flow stem
/// averages the three colour channels into each of its two (the I3D paper's recipe). The logits layer is not
/// ImageNet's: it comes from <paramref name="head"/>, seeded when none is given.
/// </summary>
public sealed class ImageNetResNet18Weights : IWeightSource
{
    /// <summary>Where the build puts the package's models.</summary>
    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "DnnImageModels");

    private readonly Dictionary<string, Func<float[]>> recipes = new();
    private readonly IWeightSource head;

    private ImageNetResNet18Weights(IWeightSource head) => this.head = head;

    /// <param name="directory">The package's <c>DnnImageModels</c> folder (default: beside the binaries).</param>
    /// <param name="head">Supplies the logits layer (default: seeded).</param>
    public static ImageNetResNet18Weights Load(string? directory = null, IWeightSource? head = null)
    {
        directory ??= DefaultDirectory;
        var network = ReadModel(Path.Combine(directory, "ResNet18Onnx", "ResNet18.onnx"));
        var preprocess = ReadModel(Path.Combine(directory, "ResNetPrepOnnx", "ResNetPreprocess.onnx"));
        var weights = new ImageNetResNet18Weights(head ?? new SeededWeights(SeededWeights.DefaultSeed));
        var layers = ConvolutionsWithBatchNorms(network);
        var resnet = (InflatedResNet18)StreamNetwork.InflatedResNet18;
        foreach (var stream in I3dStream.Both)
        {
            if (stream.Channels == 3)
            {
                var meanImage = Values(preprocess.Graph.Initializer.Single(t => t.Name == "MeanImage"), [1, 3, 224, 224]);
                weights.recipes[resnet.InputOffset(stream).Name] = () => InputOffset(meanImage);
            }
            foreach (var (conv, (kernel, batchNorm)) in InflatedResNet18.Convolutions.Zip(layers))
            {
                var variables = resnet.Of(stream, conv).ToArray();
                var kernelValues = Values(kernel, [conv.OutChannels, conv.InChannels, conv.Kernel, conv.Kernel]);
                weights.recipes[variables[0].Name] = () => Inflate(kernelValues, variables[0].OnnxShape);
                for (var i = 0; i < 4; i++)
                {
                    // ONNX BatchNormalization inputs after X: scale, bias, mean, variance — the order of the variables.
                    var values = Values(batchNorm[i], [conv.OutChannels]);
                    weights.recipes[variables[i + 1].Name] = () => values;
                }
            }
        }
        return weights;
    }

    public float[] Read(I3dVariable variable) =>
        recipes.TryGetValue(variable.Name, out var recipe) ? recipe()
        : variable.Name.Contains(I3dArchitecture.LogitsLayer, StringComparison.Ordinal) ? head.Read(variable)
        : throw new InvalidDataException($"ImageNet ResNet-18 has no variable {variable.Name}.");

    private static ModelProto ReadModel(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"{path} not found: it comes from the NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18, which the build copies beside the binaries (run a restore and build).", path);
        }
        using var file = File.OpenRead(path);
        return ModelProto.Parser.ParseFrom(file);
    }

    /// <summary>Each Conv node's kernel and the four batch-norm tensors of the node that reads its output, in graph order.</summary>
    private static List<(TensorProto Kernel, TensorProto[] BatchNorm)> ConvolutionsWithBatchNorms(ModelProto model)
    {
        var initializers = model.Graph.Initializer.ToDictionary(t => t.Name);
        var nodes = model.Graph.Node;
        var layers = nodes.Where(n => n.OpType == "Conv").Select(conv =>
        {
            var batchNorm = nodes.Single(n => n.OpType == "BatchNormalization" && n.Input[0] == conv.Output[0]);
            return (initializers[conv.Input[1]], batchNorm.Input.Skip(1).Select(name => initializers[name]).ToArray());
        }).ToList();
        if (layers.Count != InflatedResNet18.Convolutions.Count)
        {
            throw new InvalidDataException($"ResNet18.onnx has {layers.Count} convolutions; the network has {InflatedResNet18.Convolutions.Count}.");
        }
        return layers;
    }

    private static float[] Values(TensorProto tensor, long[] expectedShape)
    {
        if (!tensor.Dims.SequenceEqual(expectedShape))
        {
            throw new InvalidDataException($"ResNet18.onnx: {tensor.Name} is [{string.Join(", ", tensor.Dims)}], expected [{string.Join(", ", expectedShape)}].");
        }
        return tensor.RawData.IsEmpty ? tensor.FloatData.ToArray() : MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray();
    }

    /// <summary>[out, in, k, k] to [out, in', t, k, k]: the stem's channels reordered (RGB) or averaged (flow), repeated over t, divided by t.</summary>
    private static float[] Inflate(float[] kernel, int[] shape)
    {
        var (outChannels, inChannels, time, area) = (shape[0], shape[1], shape[2], shape[3] * shape[4]);
        var sourceChannels = kernel.Length / (outChannels * area);
        var inflated = new float[outChannels * inChannels * time * area];
        for (var o = 0; o < outChannels; o++)
        {
            for (var i = 0; i < inChannels; i++)
            {
                var plane = new float[area];
                foreach (var (source, weight) in SourceChannels(i, inChannels, sourceChannels))
                {
                    var offset = (o * sourceChannels + source) * area;
                    for (var p = 0; p < area; p++)
                    {
                        plane[p] += weight * kernel[offset + p] / time;
                    }
                }
                for (var t = 0; t < time; t++)
                {
                    plane.CopyTo(inflated, ((o * inChannels + i) * time + t) * area);
                }
            }
        }
        return inflated;
    }

    /// <summary>Which of the file's input channels make input channel <paramref name="channel"/>, with what weight.</summary>
    private static IEnumerable<(int Source, float Weight)> SourceChannels(int channel, int inChannels, int sourceChannels) =>
        (inChannels, sourceChannels) switch
        {
            (var same, var source) when same == source && same != 3 => [(channel, 1f)],
            (3, 3) => [(2 - channel, 1f)], // the file's stem reads BGR
            (2, 3) => [(0, 1f / 3), (1, 1f / 3), (2, 1f / 3)],
            _ => throw new InvalidDataException($"Cannot inflate a kernel of {sourceChannels} input channels to {inChannels}."),
        };

    /// <summary>127.5 minus the mean image, channels from BGR to RGB, with a time axis of 1: [1, 3, 1, 224, 224].</summary>
    private static float[] InputOffset(float[] meanImage)
    {
        var plane = meanImage.Length / 3;
        var offset = new float[meanImage.Length];
        for (var c = 0; c < 3; c++)
        {
            for (var p = 0; p < plane; p++)
            {
                offset[c * plane + p] = InflatedResNet18.InputScale - meanImage[(2 - c) * plane + p];
            }
        }
        return offset;
    }
}
