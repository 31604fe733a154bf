using ExerciseFunctions.Core.Video;

namespace ExerciseFunctions.Cli.Benchmarks;

/// <summary>
/// Decode + sample + resize + crop: decoded source frames per second, per input kind, with FFmpeg's own thread
/// count as the pipeline runs it, next to FFmpeg limited to one decode thread.
/// </summary>
internal static class DecodeBench
{
    private static readonly VideoReadOptions OneThread = new() { DecodeThreads = 1 };

    public static BenchRow Run(BenchInput input, int runs)
    {
        var decoded = 0;
        Measure.ResetPeakRss();
        var seconds = Measure.MedianSeconds(() => decoded = ReadAll(input.Path).DecodedFrames, runs);
        var peakRss = Measure.PeakRssMb();
        var oneThreadSeconds = Measure.MedianSeconds(() => ReadAll(input.Path, OneThread), runs);
        return new BenchRow("decode+sample+resize+crop", input.Description, decoded / seconds, "frames/s", runs, peakRss,
            "1 decode thread", oneThreadSeconds / seconds, $"{decoded} source frames in {seconds * 1000:F0} ms ({oneThreadSeconds * 1000:F0} ms on 1 decode thread)");
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
