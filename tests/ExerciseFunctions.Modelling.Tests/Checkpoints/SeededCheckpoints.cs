using ExerciseFunctions.Modelling.Checkpoints;
using ExerciseFunctions.Runtime.I3d;

namespace ExerciseFunctions.Modelling.Tests.Checkpoints;

/// <summary>
/// TensorFlow checkpoints written from the seeded weights, as the public ones are laid out (one per stream,
/// kernels [t,h,w,in,out]), plus a head checkpoint; shared by the import tests.
/// </summary>
public sealed class SeededCheckpoints : IDisposable
{
    public const int Seed = 23;
    public const int Classes = 6;

    public SeededCheckpoints()
    {
        foreach (var stream in I3dStream.Both)
        {
            TensorBundleWriter.Write(Backbone(stream), StreamTensors(stream, Classes, new SeededWeights(Seed)));
        }
        TensorBundleWriter.Write(Head, I3dStream.Both.SelectMany(stream => I3dVariable.OfLogits(stream, Classes)
            .Select(v => ToCheckpoint(v, HeadWeights) with { Name = v.Name.Replace($"{I3dArchitecture.NetworkScope}/Logits/", "") })));
    }

    /// <summary>The head checkpoint's values: seeded kernels and non-zero biases (seeded biases are zero).</summary>
    public static IWeightSource HeadWeights { get; } = new HeadOverlay(new SeededWeights(Seed + 1), new StreamHead(
        new SeededWeights(Seed + 1).Read(I3dVariable.OfLogits(I3dStream.Rgb, Classes).First()),
        Enumerable.Range(1, Classes).Select(k => k * 0.25f).ToArray()));

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("i3d-ckpt-").FullName;

    public string Head => Path.Combine(Directory, "head", "model.ckpt");

    public string Backbone(I3dStream stream) => Path.Combine(Directory, stream.Scope, "model.ckpt");

    /// <summary>A stream's variables as checkpoint tensors in TensorFlow layout.</summary>
    public static IEnumerable<CheckpointTensor> StreamTensors(I3dStream stream, int classes, IWeightSource weights) =>
        I3dVariable.For(stream, classes).Select(v => ToCheckpoint(v, weights));

    public static CheckpointTensor ToCheckpoint(I3dVariable variable, IWeightSource weights)
    {
        var values = weights.Read(variable);
        return new(variable.Name, variable.TensorFlowShape,
            variable.Kind == VariableKind.ConvKernel ? KernelLayout.OnnxToTensorFlow(values, variable.OnnxShape) : values);
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
