using ExerciseFunctions.Runtime.Video;

namespace ExerciseFunctions.Cli.Benchmarks;

/// <summary>
/// Decode + sample + resize + crop: decoded source frames per second, per input kind, read as the pipeline reads
/// (<see cref="VideoDecoder.Auto"/>: the ffmpeg command where it is installed), next to the same read confined to
/// one core (one FFmpeg decode thread, OpenCV on one thread) and to the OpenCV decoder (in segments on
/// <see cref="VideoReadOptions.DecodeWorkers"/> threads or in one pass, as <see cref="Segmenting.Auto"/> picks for the codec).
/// </summary>
internal static class DecodeBench
{
    private static readonly VideoReadOptions AsRead = new();
    private static readonly VideoReadOptions OneCore = new() { Segmenting = Segmenting.Never, DecodeThreads = 1 };
    private static readonly VideoReadOptions ThroughOpenCv = new() { Decoder = VideoDecoder.OpenCv };

    public static BenchRow Run(BenchInput input, int runs)
    {
        var decoder = Describe(input.Path, AsRead);
        var decoded = 0;
        Measure.ResetPeakRss();
        var (seconds, coresBusy) = Measure.WithCoresBusy(() => Measure.MedianSeconds(() => decoded = ReadAll(input.Path, AsRead).DecodedFrames, runs));
        var peakRss = Measure.PeakRssMb();
        var openCvSeconds = Measure.MedianSeconds(() => ReadAll(input.Path, ThroughOpenCv), runs);
        var (oneCoreSeconds, oneCoreBusy) = Measure.WithCoresBusy(() => Measure.MedianSeconds(() => OpenCvThreads.One(() => ReadAll(input.Path, OneCore)), runs));
        return new BenchRow("decode+sample+resize+crop", input.Description, decoded / seconds, "frames/s", runs, peakRss,
            "one core", oneCoreSeconds / seconds,
            $"{decoded} source frames in {seconds * 1000:F0} ms ({decoder}), cores busy {coresBusy:F2}; " +
            $"one core {oneCoreSeconds * 1000:F0} ms (busy {oneCoreBusy:F2}); " +
            $"{Describe(input.Path, ThroughOpenCv)} instead {openCvSeconds * 1000:F0} ms ({openCvSeconds / seconds:F2} x)");
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

    /// <summary>The decoder, and how it reads: e.g. "ffmpeg", "opencv, 2 segments", "opencv, one pass".</summary>
    private static string Describe(string path, VideoReadOptions options)
    {
        using var reader = VideoClipReader.Open(path, options);
        return reader.Decoder == VideoDecoder.Ffmpeg ? reader.DecoderName
            : $"{reader.DecoderName}, {(reader.SegmentCount > 1 ? $"{reader.SegmentCount} segments" : "one pass")}";
    }
}
