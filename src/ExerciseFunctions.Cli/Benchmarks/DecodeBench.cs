using ExerciseFunctions.Core.Video;

namespace ExerciseFunctions.Cli.Benchmarks;

/// <summary>
/// Decode + sample + resize + crop: decoded source frames per second, per input kind, read as the pipeline reads
/// (segments on <see cref="VideoReadOptions.DecodeWorkers"/> threads), next to the same read confined to one core (one
/// pass, one FFmpeg thread, OpenCV on one thread) and to one pass with FFmpeg's own threads (all one capture spreads).
/// </summary>
internal static class DecodeBench
{
    private static readonly VideoReadOptions OneCore = new() { DecodeWorkers = 1, DecodeThreads = 1 };
    private static readonly VideoReadOptions OnePass = new() { DecodeWorkers = 1 };

    public static BenchRow Run(BenchInput input, int runs)
    {
        var decoded = 0;
        Measure.ResetPeakRss();
        var (seconds, coresBusy) = Measure.WithCoresBusy(() => Measure.MedianSeconds(() => decoded = ReadAll(input.Path).DecodedFrames, runs));
        var peakRss = Measure.PeakRssMb();
        var onePassSeconds = Measure.MedianSeconds(() => ReadAll(input.Path, OnePass), runs);
        var (oneCoreSeconds, oneCoreBusy) = Measure.WithCoresBusy(() => Measure.MedianSeconds(() => OpenCvThreads.One(() => ReadAll(input.Path, OneCore)), runs));
        return new BenchRow("decode+sample+resize+crop", input.Description, decoded / seconds, "frames/s", runs, peakRss,
            "one core", oneCoreSeconds / seconds,
            $"{decoded} source frames in {seconds * 1000:F0} ms, cores busy {coresBusy:F2}; one core {oneCoreSeconds * 1000:F0} ms " +
            $"(busy {oneCoreBusy:F2}); one pass with FFmpeg's threads {onePassSeconds * 1000:F0} ms ({onePassSeconds / seconds:F2} x)");
    }

    /// <summary>Decodes the whole video, streaming; returns what the reader counted.</summary>
    public static ClipStatistics ReadAll(string path, VideoReadOptions? options = null)
    {
        using var reader = VideoClipReader.Open(path, options ?? new VideoReadOptions());
        foreach (var _ in reader.ReadFrames())
        {
        }
        return reader.Statistics;
    }
}
