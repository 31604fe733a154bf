using ExerciseFunctions.Cli.Benchmarks.Scale;
using ExerciseFunctions.Modelling.Synthesis;
using ExerciseFunctions.Runtime.Models;
using ExerciseFunctions.Runtime.Video;

namespace ExerciseFunctions.Cli.Benchmarks;

/// <summary>Runs every benchmark stage in one process, one after the other, into one report.</summary>
internal static class BenchSuite
{
    public static async Task<BenchReport> RunAsync(BenchSettings settings, Action<string> log, CancellationToken cancel)
    {
        var report = new BenchReport(MachineDescription());
        using var inputs = new BenchInputs();
        var models = DefaultModel.Ensure();

        log("generating inputs");
        var decodeInputs = settings.Includes(BenchStage.Decode) || settings.Includes(BenchStage.Flow)
            ? DecodeCases(settings).Select(c => inputs.Clip(c.Width, c.Height, c.Portrait, c.Seconds, codec: c.Codec)).ToList()
            : [];
        if (settings.Includes(BenchStage.Decode))
        {
            foreach (var input in decodeInputs)
            {
                log($"decode: {input.Description}");
                report.Add(DecodeBench.Run(input, settings.Runs));
            }
        }
        if (settings.Includes(BenchStage.Preprocess))
        {
            RunPreprocess(report, settings, inputs, log);
        }
        if (settings.Includes(BenchStage.Flow))
        {
            AddAll(report, FlowBench.Run(FirstFrames(decodeInputs[0].Path, settings.Quick ? 25 : 65), settings.Runs, log));
        }
        if (settings.Includes(BenchStage.Inference))
        {
            AddAll(report, InferenceBench.Run(settings, models, log));
        }
        if (settings.Includes(BenchStage.EndToEnd) || settings.Includes(BenchStage.Throughput))
        {
            await RunEndToEndAsync(report, settings, inputs, models, log, cancel);
        }
        if (settings.Includes(BenchStage.Scale))
        {
            await RunScaleAsync(report, settings.Scale, inputs, log, cancel);
        }
        return report;
    }

    /// <summary>2-s 360p clips of the six exercises: many uploads, each little to decode, one window to infer per stream.</summary>
    static async Task RunScaleAsync(BenchReport report, ScaleSettings settings, BenchInputs inputs, Action<string> log, CancellationToken cancel)
    {
        log($"generating {settings.Clips} clips for the scale stage");
        var clips = Enumerable.Range(0, settings.Clips).Select(i => inputs.Clip(640, 360, portrait: false, seconds: 2, ExerciseClasses.Default[i % 6])).ToList();
        var bench = new ScaleBench(clips, log);
        foreach (var scale in settings.Cases())
        {
            report.Add(await bench.RunAsync(scale, cancel));
        }
    }

    static async Task RunEndToEndAsync(BenchReport report, BenchSettings settings, BenchInputs inputs, ModelDirectory models, Action<string> log, CancellationToken cancel)
    {
        var azurite = Directory.CreateTempSubdirectory("exercise-bench-azurite-");
        try
        {
            await using var host = await EndToEndBench.StartHostAsync(azurite.FullName, cancel);
            var bench = new EndToEndBench(host, models, log);
            var clips = settings.Quick
                ? [inputs.Clip(1920, 1080, portrait: true, seconds: 2)]
                : new[] { inputs.Clip(1920, 1080, portrait: true, seconds: 5), inputs.Clip(1280, 720, portrait: false, seconds: 30) };
            var measured = new List<(BenchInput Clip, IReadOnlyList<UploadRun> Runs)>();
            foreach (var clip in settings.Includes(BenchStage.EndToEnd) ? clips : [])
            {
                measured.Add((clip, await bench.UploadToRowAsync(clip, settings.Quick ? 1 : 3, cancel)));
            }
            foreach (var (clip, runs) in measured)
            {
                AddAll(report, bench.CompareWithInProcess(clip, runs));
            }
            if (!settings.Quick && settings.Includes(BenchStage.Throughput))
            {
                var uploads = Enumerable.Range(0, 10).Select(i => inputs.Clip(854, 480, portrait: false, seconds: 3, ExerciseClasses.Default[i % 6])).ToList();
                report.Add(await bench.ThroughputAsync(uploads, workerProcesses: 1, cancel));
                var again = Enumerable.Range(0, 10).Select(i => inputs.Clip(854, 480, portrait: false, seconds: 3, ExerciseClasses.Default[(i + 1) % 6])).ToList();
                report.Add(await bench.ThroughputAsync(again, workerProcesses: 2, cancel));
            }
        }
        finally
        {
            azurite.Delete(recursive: true);
        }
    }

    /// <summary>
    /// HEVC portrait clips with rotation tags at the bitrates iPhones record (12 and 40 Mb/s, with sensor-like noise):
    /// 1080p and 4K, 5 s rendered and 30 s looped from them
    /// (the quick run: one 2-s 1080p clip, without the comparisons); then a 120-s clip's memory against the 5-s one's.
    /// </summary>
    static void RunPreprocess(BenchReport report, BenchSettings settings, BenchInputs inputs, Action<string> log)
    {
        var bench = new PreprocessBench(log);
        if (settings.Videos.Count > 0)
        {
            foreach (var video in settings.Videos)
                AddAll(report, bench.Run(BenchInput.Given(video), settings.Runs, warmups: 1, compare: true));
            return;
        }
        if (settings.Quick)
        {
            AddAll(report, bench.Run(inputs.Clip(1920, 1080, portrait: true, seconds: 2, codec: VideoCodec.Hevc), settings.Runs, warmups: 1, compare: false));
            return;
        }
        var fullHd = inputs.AtPhoneBitrate(inputs.Clip(1920, 1080, portrait: true, seconds: 5, codec: VideoCodec.Hevc), megabitsPerSecond: 12);
        var uhd = inputs.AtPhoneBitrate(inputs.Clip(3840, 2160, portrait: true, seconds: 5, codec: VideoCodec.Hevc), megabitsPerSecond: 40);
        foreach (var clip in new[] { fullHd, uhd })
        {
            AddAll(report, bench.Run(clip, settings.Runs, warmups: 1, compare: true));
            // 4K for 30 s without the slower readers: minutes per run on two cores.
            AddAll(report, bench.Run(inputs.Looped(clip, 30), runs: 3, warmups: 0, compare: clip == fullHd));
        }
        report.Add(bench.Memory(inputs.Looped(fullHd, 120), fullHd));
    }

    /// <summary>Phone-like H.264, and MPEG-4 part 2 (what `synth` writes by default) for the segmented reader.</summary>
    static IEnumerable<(int Width, int Height, bool Portrait, double Seconds, VideoCodec Codec)> DecodeCases(BenchSettings settings) => settings.Quick
        ? [(1920, 1080, true, 2, VideoCodec.H264)]
        : [(1920, 1080, true, 5, VideoCodec.H264), (1920, 1080, false, 5, VideoCodec.H264), (1280, 720, true, 5, VideoCodec.H264),
            (1280, 720, false, 5, VideoCodec.H264), (1920, 1080, false, 5, VideoCodec.Mp4v), (1280, 720, false, 5, VideoCodec.Mp4v)];

    static IReadOnlyList<byte[]> FirstFrames(string path, int count)
    {
        using var reader = VideoClipReader.Open(path, new VideoReadOptions());
        return reader.ReadFrames().Take(count).ToList();
    }

    static void AddAll(BenchReport report, IEnumerable<BenchRow> rows)
    {
        foreach (var row in rows)
        {
            report.Add(row);
        }
    }

    static string MachineDescription()
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        var memoryKb = long.Parse(File.ReadLines("/proc/meminfo").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
        return $"{cpu}, {Environment.ProcessorCount} cores, {memoryKb / 1024 / 1024} GiB, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}";
    }
}
