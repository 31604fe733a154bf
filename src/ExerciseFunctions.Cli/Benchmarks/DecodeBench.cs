using ExerciseFunctions.Runtime.Video;

namespace ExerciseFunctions.Cli.Benchmarks;

/// <summary>
/// Decode + sample + resize + crop: decoded source frames per second, per input kind, read as the pipeline reads
/// (in segments on <see cref="VideoReadOptions.DecodeWorkers"/> threads or in one pass, as <see cref="Segmenting.Auto"/>
/// picks for the codec), next to the same read confined to one core (one pass, one FFmpeg thread, OpenCV on one
/// thread) and to the other way of reading it.
/// </summary>
internal static class DecodeBench
{
    private static readonly VideoReadOptions AsRead = new();
    private static readonly VideoReadOptions OneCore = new() { Segmenting = Segmenting.Never, DecodeThreads = 1 };

    public static BenchRow Run(BenchInput input, int runs)
    {
        var segments = SegmentCount(input.Path, AsRead);
        var other = AsRead with { Segmenting = segments > 1 ? Segmenting.Never : Segmenting.Always };
        var decoded = 0;
        Measure.ResetPeakRss();
        var (seconds, coresBusy) = Measure.WithCoresBusy(() => Measure.MedianSeconds(() => decoded = ReadAll(input.Path, AsRead).DecodedFrames, runs));
        var peakRss = Measure.PeakRssMb();
        var otherSeconds = Measure.MedianSeconds(() => ReadAll(input.Path, other), runs);
        var (oneCoreSeconds, oneCoreBusy) = Measure.WithCoresBusy(() => Measure.MedianSeconds(() => OpenCvThreads.One(() => ReadAll(input.Path, OneCore)), runs));
        return new BenchRow("decode+sample+resize+crop", input.Description, decoded / seconds, "frames/s", runs, peakRss,
            "one core", oneCoreSeconds / seconds,
            $"{decoded} source frames in {seconds * 1000:F0} ms ({Describe(segments)}), cores busy {coresBusy:F2}; " +
            $"one core {oneCoreSeconds * 1000:F0} ms (busy {oneCoreBusy:F2}); " +
            $"{Describe(SegmentCount(input.Path, other))} instead {otherSeconds * 1000:F0} ms ({otherSeconds / seconds:F2} x)");
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

    private static int SegmentCount(string path, VideoReadOptions options)
    {
        using var reader = VideoClipReader.Open(path, options);
        return reader.SegmentCount;
    }

    private static string Describe(int segments) => segments > 1 ? $"{segments} segments" : "one pass";
}
