using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using ExerciseFunctions.Runtime.Classification;
using ExerciseFunctions.Runtime.Flow;
using ExerciseFunctions.Runtime.Video;

namespace ExerciseFunctions.Cli.Benchmarks;

/// <summary>
/// Preprocessing as `classify` does it before inference (decode + sample + resize + crop + flow, overlapped as in
/// <see cref="VideoScorer"/>) of phone-like clips, next to the floor: the platform's ffmpeg decoding the same
/// file to nothing (`ffmpeg -v error -threads 0 -i FILE -f null -`). Also the OpenCV decoder, and the reference method
/// in Python (tools/reference_preprocess.py with Debian's python3-opencv; skipped where that is not installed).
/// </summary>
internal sealed class PreprocessBench(Action<string> log)
{
    private const string Python = "/usr/bin/python3";

    /// <param name="compare">Also the OpenCV decoder and the reference method.</param>
    public IEnumerable<BenchRow> Run(BenchInput input, int runs, int warmups, bool compare)
    {
        log($"preprocess: {input.Description}");
        var floorRuns = Timed(runs, warmups, () => Probe.Run("ffmpeg", ["-v", "error", "-threads", "0", "-i", input.Path, "-f", "null", "-"]).Seconds);
        var (floor, floorCpu) = Medians(floorRuns);
        Measure.ResetPeakRss();
        var ours = Prepare(input.Path, VideoDecoder.Ffmpeg, runs, warmups);
        var peakRss = Measure.PeakRssMb();
        yield return new BenchRow("preprocess (decode+sample+resize+crop+flow)", input.Description, ours.Seconds, "s", runs, peakRss,
            "ffmpeg decode-only", ours.Seconds / floor,
            $"ffmpeg decoder: {ours.Note}; floor {floor * 1000:F0} ms, CPU {floorCpu:F2} s; ours CPU {ours.CpuSeconds:F2} s ({ours.CpuSeconds / floorCpu:F2} x the floor's)");
        if (!compare)
            yield break;

        var openCv = Prepare(input.Path, VideoDecoder.OpenCv, runs, warmups);
        yield return new BenchRow("preprocess, OpenCV decoder", input.Description, openCv.Seconds, "s", runs, null,
            "ffmpeg decode-only", openCv.Seconds / floor, $"{openCv.Note}; CPU {openCv.CpuSeconds:F2} s; {openCv.Seconds / ours.Seconds:F2} x the ffmpeg decoder's time");
        if (ReferenceScript() is { } script)
        {
            var (reference, referenceCpu) = Medians(Timed(runs, warmups, () => ReferenceSeconds(script, input.Path)));
            yield return new BenchRow("reference method (Python, OpenCV 4.6)", input.Description, reference, "s", runs, null,
                "preprocess (ffmpeg decoder)", reference / ours.Seconds,
                $"tools/reference_preprocess.py: decode, 25 fps, 256/224, Farneback; timed after imports; CPU of the whole run {referenceCpu:F2} s");
        }
    }

    /// <summary>Peak RSS while the ffmpeg decoder streams a long clip and a short one (frames dropped as read), each after a reset.</summary>
    public BenchRow Memory(BenchInput longClip, BenchInput shortClip)
    {
        log($"memory: {longClip.Description} vs {shortClip.Description}");
        var (shortPeak, shortGrowth) = PeakWhileStreaming(shortClip.Path);
        var (longPeak, longGrowth) = PeakWhileStreaming(longClip.Path);
        return new BenchRow("memory, ffmpeg decoder streaming", $"{longClip.Description} vs 5 s", longPeak, "MB peak RSS", 1, longPeak,
            "5 s clip", longPeak / shortPeak, $"5 s: {shortPeak:F0} MB; above the RSS before reading: {longGrowth:F0} MB vs {shortGrowth:F0} MB");
    }

    private static (double Seconds, double CpuSeconds, string Note) Prepare(string path, VideoDecoder decoder, int runs, int warmups)
    {
        var video = new VideoReadOptions { Decoder = decoder };
        (double DecodeMs, double FlowMs, ClipStatistics Statistics) last = default;
        var (seconds, cpu) = Medians(Timed(runs, warmups, () =>
        {
            var clock = Stopwatch.StartNew();
            last = DecodeWithFlow(path, video);
            return clock.Elapsed.TotalSeconds;
        }));
        return (seconds, cpu,
            $"decode {last.DecodeMs:F0} ms, flow {last.FlowMs:F0} ms busy (last run), {last.Statistics!.DecodedFrames} source frames, {last.Statistics.SampledFrames} sampled");
    }

    /// <summary>
    /// What <see cref="VideoScorer"/> does before inference: frames decoded on this thread and handed on in chunks,
    /// whose flow a second task computes as they fill (<see cref="ClassificationMethod.FlowOfChunk"/>).
    /// </summary>
    private static (double DecodeMs, double FlowMs, ClipStatistics Statistics) DecodeWithFlow(string path, VideoReadOptions video)
    {
        var defaults = MethodOptions.Default;
        var chunks = Channel.CreateBounded<IReadOnlyList<byte[]>>(2);
        var flowBusy = new Stopwatch();
        var flowTask = Task.Run(async () =>
        {
            var flow = new OpticalFlowComputer(defaults.Flow);
            byte[]? previous = null;
            await foreach (var chunk in chunks.Reader.ReadAllAsync())
            {
                flowBusy.Start();
                ClassificationMethod.FlowOfChunk(flow, chunk, previous);
                flowBusy.Stop();
                previous = chunk[^1];
            }
        });
        var decodeBusy = Stopwatch.StartNew();
        using (var reader = VideoClipReader.Open(path, video))
        {
            foreach (var chunk in reader.ReadFrames().Chunk(defaults.FlowChunkFrames))
            {
                decodeBusy.Stop();
                chunks.Writer.WriteAsync(chunk).AsTask().GetAwaiter().GetResult();
                decodeBusy.Start();
            }
            chunks.Writer.Complete();
            decodeBusy.Stop();
            flowTask.GetAwaiter().GetResult();
            return (decodeBusy.Elapsed.TotalMilliseconds, flowBusy.Elapsed.TotalMilliseconds, reader.Statistics);
        }
    }

    /// <summary>Wall seconds (as <paramref name="run"/> returns them) and CPU seconds with children, per measured run.</summary>
    private static List<(double Seconds, double Cpu)> Timed(int runs, int warmups, Func<double> run) =>
        Enumerable.Range(0, runs + warmups).Select(_ =>
        {
            var cpuBefore = Measure.CpuSecondsWithChildren();
            var seconds = run();
            return (seconds, Measure.CpuSecondsWithChildren() - cpuBefore);
        }).Skip(warmups).ToList();

    private static (double Seconds, double Cpu) Medians(List<(double Seconds, double Cpu)> runs) =>
        (Measure.Median(runs.Select(r => r.Seconds).ToList()), Measure.Median(runs.Select(r => r.Cpu).ToList()));

    private static (double PeakMb, double GrowthMb) PeakWhileStreaming(string path)
    {
        Measure.ResetPeakRss();
        var before = Measure.ResidentMb();
        DecodeBench.ReadAll(path, new VideoReadOptions { Decoder = VideoDecoder.Ffmpeg });
        var peak = Measure.PeakRssMb();
        return (peak, peak - before);
    }

    private static double ReferenceSeconds(string script, string path)
    {
        using var result = JsonDocument.Parse(Probe.Run(Python, [script, path]).Stdout);
        return result.RootElement.GetProperty("seconds").GetDouble();
    }

    /// <summary>tools/reference_preprocess.py above the working or the program's folder, when Python has OpenCV.</summary>
    private static string? ReferenceScript()
    {
        var script = new[] { Environment.CurrentDirectory, AppContext.BaseDirectory }
            .SelectMany(Ancestors)
            .Select(folder => Path.Combine(folder, "tools", "reference_preprocess.py"))
            .FirstOrDefault(File.Exists);
        if (script is null || !File.Exists(Python))
            return null;
        try
        {
            Probe.Run(Python, ["-c", "import cv2"]);
            return script;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static IEnumerable<string> Ancestors(string folder)
    {
        for (var current = new DirectoryInfo(folder); current is not null; current = current.Parent)
            yield return current.FullName;
    }
}
