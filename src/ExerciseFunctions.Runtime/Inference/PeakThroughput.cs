using ExerciseFunctions.Runtime.I3d;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using static ExerciseFunctions.Runtime.I3d.OnnxGraphWriter;

namespace ExerciseFunctions.Runtime.Inference;

/// <summary>
/// A probe of the achievable arithmetic rate of ONNX Runtime on this machine: a large square MatMul (its best-tuned
/// kernel), run with the same thread settings as I3D. The caller times <see cref="Run"/>; inference speed is then
/// reported as a fraction of <see cref="FlopsPerRun"/> per second.
/// </summary>
public sealed class PeakThroughput : IDisposable
{
    private readonly InferenceSession session;
    private readonly OrtValue input;
    private readonly RunOptions runOptions = new();

    public PeakThroughput(InferenceOptions options, int n = 2048)
    {
        using var sessionOptions = new SessionOptions { IntraOpNumThreads = options.Threads, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        session = new InferenceSession(MatMulModel(n), sessionOptions);
        input = OrtValue.CreateTensorValueFromMemory(Pattern(n * n, 13), [n, n]);
        FlopsPerRun = 2.0 * n * n * n;
    }

    /// <summary>2 flops per multiply-add of one n x n by n x n product.</summary>
    public double FlopsPerRun { get; }

    public void Run()
    {
        using var results = session.Run(runOptions, ["a"], [input], ["c"]);
    }

    public void Dispose()
    {
        input.Dispose();
        runOptions.Dispose();
        session.Dispose();
    }

    static float[] Pattern(int length, int period) => Enumerable.Range(0, length).Select(i => i % period / (float)period).ToArray();

    static byte[] MatMulModel(int n)
    {
        var writer = new OnnxGraphWriter("peak_matmul");
        writer.Graph.Input.Add(FloatValue("a", [n, n]));
        writer.Node("MatMul", "c", ["a", writer.Initializer("b", [n, n], Pattern(n * n, 7))]);
        writer.Graph.Output.Add(FloatValue("c", [n, n]));
        var model = new ModelProto { IrVersion = I3dModelBuilder.IrVersion, Graph = writer.Graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = I3dModelBuilder.OpsetVersion });
        return model.ToByteArray();
    }
}
