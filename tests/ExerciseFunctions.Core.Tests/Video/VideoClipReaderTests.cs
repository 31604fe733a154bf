using ExerciseFunctions.Core.Video;
using ExerciseFunctions.Testing;

namespace ExerciseFunctions.Core.Tests.Video;

public sealed class VideoClipReaderTests : IDisposable
{
    private readonly GeneratedVideoDirectory _videos = new();
    private static readonly VideoReadOptions Defaults = new();

    public void Dispose() => _videos.Dispose();

    private static List<byte[]> ReadAll(string path, VideoReadOptions? options = null)
    {
        using var reader = VideoClipReader.Open(path, options ?? Defaults);
        return reader.ReadFrames().ToList();
    }

    [Theory]
    [InlineData("clip30.mp4", 30, 60, 50)]
    [InlineData("clip60.avi", 60, 120, 50)]
    [InlineData("clip25.mkv", 25, 40, 40)]
    [InlineData("clip30long.mp4", 30, 90, 75)]
    public void Frames_are_resampled_to_25_fps_by_timestamp(string name, double fps, int sourceFrames, int expectedFrames)
    {
        var path = _videos.Write(name, new VideoSpec(320, 240, fps, sourceFrames));
        using var reader = VideoClipReader.Open(path, Defaults);

        var frames = reader.ReadFrames().ToList();

        Assert.Equal(expectedFrames, frames.Count);
        Assert.All(frames, frame => Assert.Equal(FramePreprocessor.FrameLength, frame.Length));
        Assert.Equal(sourceFrames, reader.Statistics.DecodedFrames);
        Assert.Equal(expectedFrames, reader.Statistics.SampledFrames);
        Assert.Equal(sourceFrames / fps, reader.Statistics.DurationSeconds, 0.01);
    }

    [Theory]
    [InlineData(90)]
    [InlineData(180)]
    [InlineData(270)]
    public void Phone_style_rotated_videos_come_out_upright(int rotation)
    {
        var upright = _videos.Write("upright.mp4", new VideoSpec(240, 320, 25, 15));
        var rotated = _videos.Write($"rotated{rotation}.mp4", new VideoSpec(240, 320, 25, 15) { RotationDegrees = rotation });
        var options = Defaults with { MinDurationSeconds = 0 };

        using var reader = VideoClipReader.Open(rotated, options);
        var rotatedFrames = reader.ReadFrames().ToList();
        var uprightFrames = ReadAll(upright, options);

        Assert.Equal(new VideoSourceInfo(240, 320, rotation, 25, 15), reader.Source);
        AssertQuadrants(rotatedFrames[0]);
        var meanDifference = rotatedFrames.Zip(uprightFrames, MeanAbsoluteDifference).Max();
        Assert.True(meanDifference < 3, $"Mean difference to the upright video: {meanDifference:0.00}");
    }

    [Fact]
    public void Landscape_video_keeps_its_quadrants_in_place()
    {
        var path = _videos.Write("landscape.mkv", new VideoSpec(400, 300, 25, 20));
        AssertQuadrants(ReadAll(path)[0]);
    }

    /// <summary>Red top-left, green top-right, blue bottom-left, white bottom-right (RGB order in the output).</summary>
    private static void AssertQuadrants(byte[] frame)
    {
        AssertColour(frame, 20, 20, (255, 0, 0));
        AssertColour(frame, 200, 20, (0, 255, 0));
        AssertColour(frame, 20, 200, (0, 0, 255));
        AssertColour(frame, 200, 200, (255, 255, 255));
    }

    private static void AssertColour(byte[] frame, int x, int y, (int R, int G, int B) expected)
    {
        var i = (y * FramePreprocessor.CropSize + x) * 3;
        var actual = (frame[i], frame[i + 1], frame[i + 2]);
        Assert.True(Math.Abs(actual.Item1 - expected.R) < 40 && Math.Abs(actual.Item2 - expected.G) < 40 && Math.Abs(actual.Item3 - expected.B) < 40,
            $"Pixel ({x},{y}) is {actual}, expected about {expected}");
    }

    private static double MeanAbsoluteDifference(byte[] a, byte[] b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Average();

    [Fact]
    public void A_stream_is_spooled_and_read_like_a_file()
    {
        var path = _videos.Write("stream.mp4", new VideoSpec(320, 240, 30, 30));
        using var stream = File.OpenRead(path);

        using var reader = VideoClipReader.Open(stream, Defaults);

        Assert.Equal(25, reader.ReadFrames().Count());
    }

    [Fact]
    public void Missing_file_is_refused()
    {
        var error = Assert.Throws<InvalidVideoException>(() => VideoClipReader.Open(_videos.File("nowhere.mp4"), Defaults));
        Assert.Contains("not found", error.Message);
    }

    [Fact]
    public void Empty_file_is_refused()
    {
        var path = _videos.File("empty.mp4");
        File.WriteAllBytes(path, []);
        var error = Assert.Throws<InvalidVideoException>(() => VideoClipReader.Open(path, Defaults));
        Assert.Contains("empty", error.Message);
    }

    [Fact]
    public void Text_file_named_mp4_is_refused()
    {
        var path = _videos.File("notes.mp4");
        File.WriteAllText(path, "These are not the frames you are looking for.\n");
        var error = Assert.Throws<InvalidVideoException>(() => VideoClipReader.Open(path, Defaults));
        Assert.Contains("not a readable video", error.Message);
    }

    [Fact]
    public void Three_frame_video_is_too_short()
    {
        var path = _videos.Write("three.mp4", new VideoSpec(320, 240, 25, 3));
        var error = Assert.Throws<InvalidVideoException>(() => VideoClipReader.Open(path, Defaults));
        Assert.Contains("too short", error.Message);
    }

    [Fact]
    public void Too_long_video_is_refused_before_decoding()
    {
        var path = _videos.Write("long.avi", new VideoSpec(160, 120, 25, 75));
        var error = Assert.Throws<InvalidVideoException>(() => VideoClipReader.Open(path, Defaults with { MaxDurationSeconds = 2 }));
        Assert.Contains("too long: 3 s (at most 2 s", error.Message);
    }

    [Fact]
    public void Frames_can_be_read_once()
    {
        var path = _videos.Write("once.mp4", new VideoSpec(320, 240, 25, 15));
        using var reader = VideoClipReader.Open(path, Defaults with { MinDurationSeconds = 0 });
        _ = reader.ReadFrames().ToList();
        Assert.Throws<InvalidOperationException>(() => reader.ReadFrames());
    }
}
