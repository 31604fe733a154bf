using ExerciseFunctions.Runtime.I3d;
using ExerciseFunctions.Runtime.Inference;
using ExerciseFunctions.Runtime.Models;
using ExerciseFunctions.Runtime.Networks;
using Onnx;

namespace ExerciseFunctions.Cli.Benchmarks;

/// <summary>
/// Each backbone per stream at T = 64 and 140 — the model's (I3D by default) and, beside it, the ImageNet-inflated
/// ResNet-18 — latency, clips/s and achieved GFLOP/s (multiply-adds counted from each architecture), next to the
/// achievable peak of ONNX Runtime's MatMul measured in the same run.
/// </summary>
internal static class InferenceBench
{
    public static IEnumerable<BenchRow> Run(BenchSettings settings, ModelDirectory models, Action<string> log)
    {
        var options = new InferenceOptions { Device = settings.Device };
        log("inference: measuring the MatMul peak");
        var peak = PeakGflops(options, settings.Runs);
        yield return new BenchRow("peak", "ONNX Runtime MatMul 2048³", peak, "GFLOP/s", settings.Runs, Note: $"{Environment.ProcessorCount} cores, default intra-op threads");

        var labels = models.ReadLabels();
        foreach (var row in Backbone(models, settings, options, peak, log))
        {
            yield return row;
        }
        var resnet = Directory.CreateTempSubdirectory("bench-resnet-").FullName;
        try
        {
            var inflated = ModelWriter.WriteOver(Path.Combine(resnet, "model"), labels, ImageNetResNet18Weights.Load(), network: StreamNetwork.InflatedResNet18);
            foreach (var row in Backbone(inflated, settings, options, peak, log))
            {
                yield return row;
            }
        }
        finally
        {
            Directory.Delete(resnet, recursive: true);
        }
    }

    static IEnumerable<BenchRow> Backbone(ModelDirectory models, BenchSettings settings, InferenceOptions options, double peak, Action<string> log)
    {
        var classes = models.ReadLabels().Count;
        foreach (var stream in I3dStream.Both)
        {
            var path = Path.Combine(models.Path, stream.FileName);
            var network = StreamNetwork.Of(ModelProto.Parser.ParseFrom(File.ReadAllBytes(path)));
            using var session = I3dSession.Open(path, options);
            foreach (var frames in settings.Quick ? [64] : new[] { 64, 140 })
            {
                log($"inference: {network} {stream} T={frames}");
                yield return Measured(session, network, stream, frames, classes, settings.Runs, peak);
            }
        }
    }

    static double PeakGflops(InferenceOptions options, int runs)
    {
        using var probe = new PeakThroughput(options);
        return probe.FlopsPerRun / Measure.MedianSeconds(probe.Run, runs) / 1e9;
    }

    static BenchRow Measured(I3dSession session, StreamNetwork network, I3dStream stream, int frames, int classes, int runs, double peakGflops)
    {
        var clip = SeededClip(frames * I3dArchitecture.FrameSize * I3dArchitecture.FrameSize * stream.Channels);
        Measure.ResetPeakRss();
        var seconds = Measure.MedianSeconds(() => session.Run(clip, frames), runs);
        var multiplyAdds = network.MultiplyAdds(stream.Channels, frames, classes);
        var gflops = 2 * multiplyAdds / seconds / 1e9;
        var name = network == StreamNetwork.I3d ? "I3D" : network.Name;
        return new BenchRow(
            $"{name} {stream} ({session.Device})", $"T={frames}", seconds * 1000, "ms/clip", runs, Measure.PeakRssMb(),
            "MatMul peak", gflops / peakGflops, $"{1 / seconds:F2} clips/s, {gflops:F0} GFLOP/s, {multiplyAdds / 1e9:F1} G multiply-adds");
    }

    static float[] SeededClip(int length)
    {
        var random = new Random(64);
        var clip = new float[length];
        for (var i = 0; i < clip.Length; i++)
        {
            clip[i] = random.NextSingle() * 2 - 1;
        }
        return clip;
    }
}
