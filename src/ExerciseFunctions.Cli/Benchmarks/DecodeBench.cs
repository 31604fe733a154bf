using ExerciseFunctions.Core.Video;

namespace ExerciseFunctions.Cli.Benchmarks;

/// <summary>Decode + sample + resize + crop: decoded source frames per second, per input kind.</summary>
internal static class DecodeBench
{
    public static BenchRow Run(BenchInput input, int runs)
    {
        var decoded = 0;
        Measure.ResetPeakRss();
        var seconds = Measure.MedianSeconds(() => decoded = ReadAll(input.Path).DecodedFrames, runs);
        return new BenchRow("decode+sample+resize+crop", input.Description, decoded / seconds, "frames/s", runs, Measure.PeakRssMb(),
            Note: $"{decoded} source frames in {seconds * 1000:F0} ms");
    }

    /// <summary>Decodes the whole video, streaming; returns what the reader counted.</summary>
    public static ClipStatistics ReadAll(string path)
    {
        using var reader = VideoClipReader.Open(path, new VideoReadOptions());
        foreach (var _ in reader.ReadFrames())
        {
        }
        return reader.Statistics;
    }
}
