using ExerciseFunctions.Runtime.I3d;
using ExerciseFunctions.Runtime.Inference;
using ExerciseFunctions.Runtime.Models;

namespace ExerciseFunctions.Cli.Benchmarks;

/// <summary>
/// I3D per stream at T = 64 and 140: latency, clips/s and achieved GFLOP/s (multiply-adds counted from the
/// architecture), next to the achievable peak of ONNX Runtime's MatMul measured in the same run.
/// </summary>
internal static class InferenceBench
{
    public static IEnumerable<BenchRow> Run(BenchSettings settings, ModelDirectory models, Action<string> log)
    {
        var options = new InferenceOptions { Device = settings.Device };
        log("inference: measuring the MatMul peak");
        var peak = PeakGflops(options, settings.Runs);
        yield return new BenchRow("peak", "ONNX Runtime MatMul 2048³", peak, "GFLOP/s", settings.Runs, Note: $"{Environment.ProcessorCount} cores, default intra-op threads");

        var classes = models.ReadLabels().Count;
        foreach (var stream in I3dStream.Both)
        {
            using var session = I3dSession.Open(Path.Combine(models.Path, stream.FileName), options);
            foreach (var frames in settings.Quick ? [64] : new[] { 64, 140 })
            {
                log($"inference: {stream} T={frames}");
                yield return Measured(session, stream, frames, classes, settings.Runs, peak);
            }
        }
    }

    static double PeakGflops(InferenceOptions options, int runs)
    {
        using var probe = new PeakThroughput(options);
        return probe.FlopsPerRun / Measure.MedianSeconds(probe.Run, runs) / 1e9;
    }

    static BenchRow Measured(I3dSession session, I3dStream stream, int frames, int classes, int runs, double peakGflops)
    {
        var clip = SeededClip(frames * I3dArchitecture.FrameSize * I3dArchitecture.FrameSize * stream.Channels);
        Measure.ResetPeakRss();
        var seconds = Measure.MedianSeconds(() => session.Run(clip, frames), runs);
        var gflops = 2 * I3dCost.MultiplyAdds(stream.Channels, frames, classes) / seconds / 1e9;
        return new BenchRow(
            $"I3D {stream} ({session.Device})", $"T={frames}", seconds * 1000, "ms/clip", runs, Measure.PeakRssMb(),
            "MatMul peak", gflops / peakGflops, $"{1 / seconds:F2} clips/s, {gflops:F0} GFLOP/s");
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
