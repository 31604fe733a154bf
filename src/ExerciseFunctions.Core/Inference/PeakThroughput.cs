using System.Diagnostics;
using ExerciseFunctions.Core.I3d;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using static ExerciseFunctions.Core.I3d.OnnxGraphWriter;

namespace ExerciseFunctions.Core.Inference;

/// <summary>
/// The achievable arithmetic rate of ONNX Runtime on this machine: a large square MatMul (its best-tuned kernel),
/// run with the same thread settings as I3D. Inference speed is reported as a fraction of it.
/// </summary>
public static class PeakThroughput
{
    /// <summary>Median GFLOP/s (2 flops per multiply-add) of an n x n by n x n MatMul over <paramref name="runs"/> runs.</summary>
    public static double MatMulGflops(InferenceOptions options, int n = 2048, int runs = 5)
    {
        using var sessionOptions = new SessionOptions { IntraOpNumThreads = options.Threads, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        using var session = new InferenceSession(MatMulModel(n), sessionOptions);
        var input = new float[n * n];
        for (var i = 0; i < input.Length; i++)
        {
            input[i] = (i % 13) / 13f;
        }
        using var tensor = OrtValue.CreateTensorValueFromMemory(input, [n, n]);
        using var runOptions = new RunOptions();
        var seconds = new List<double>();
        for (var run = 0; run <= runs; run++)
        {
            var clock = Stopwatch.StartNew();
            using var results = session.Run(runOptions, ["a"], [tensor], ["c"]);
            if (run > 0)
            {
                seconds.Add(clock.Elapsed.TotalSeconds);
            }
        }
        var median = seconds.Order().ElementAt(seconds.Count / 2);
        return 2.0 * n * n * n / median / 1e9;
    }

    static byte[] MatMulModel(int n)
    {
        var writer = new OnnxGraphWriter("peak_matmul");
        writer.Graph.Input.Add(FloatValue("a", [n, n]));
        var weights = Enumerable.Range(0, n * n).Select(i => (i % 7) / 7f).ToArray();
        writer.Node("MatMul", "c", ["a", writer.Initializer("b", [n, n], weights)]);
        writer.Graph.Output.Add(FloatValue("c", [n, n]));
        var model = new ModelProto { IrVersion = I3dModelBuilder.IrVersion, Graph = writer.Graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = I3dModelBuilder.OpsetVersion });
        return model.ToByteArray();
    }
}
