using ExerciseFunctions.Runtime.Video;
using ExerciseFunctions.Testing;
using OpenCvSharp;

namespace ExerciseFunctions.Runtime.Tests.Video;

public sealed class Mp4RotationTagTests : IDisposable
{
    private readonly GeneratedVideoDirectory videos = new();

    public void Dispose() => videos.Dispose();

    [Theory]
    [InlineData(90)]
    [InlineData(180)]
    [InlineData(270)]
    [InlineData(0)]
    public void FFmpeg_reads_the_tag_back_and_rotates_the_frames_upright(int rotation)
    {
        // Stored 320x240 (landscape); OpenCV's own auto-rotation must show the upright size.
        var path = videos.Write("tagged.mp4", new VideoSpec(rotation % 180 == 0 ? 320 : 240, rotation % 180 == 0 ? 240 : 320, 25, 5) { RotationDegrees = rotation });

        using var capture = new VideoCapture(path, VideoCaptureAPIs.FFMPEG);
        using var frame = new Mat();
        Assert.True(capture.Read(frame));

        Assert.Equal(rotation, capture.Get(VideoCaptureProperties.OrientationMeta));
        Assert.Equal(rotation % 180 == 0 ? new Size(320, 240) : new Size(240, 320), frame.Size());
        // Top-left quadrant of the upright pattern is red (BGR).
        var topLeft = frame.At<Vec3b>(20, 20);
        Assert.True(topLeft.Item2 > 200 && topLeft.Item0 < 60, $"Top-left pixel {topLeft} is not red");
    }

    [Fact]
    public void Retagging_replaces_the_previous_rotation()
    {
        var path = videos.Write("retag.mp4", new VideoSpec(240, 320, 25, 5) { RotationDegrees = 90 });
        Mp4RotationTag.Set(path, 270);
        using var capture = new VideoCapture(path, VideoCaptureAPIs.FFMPEG);
        Assert.Equal(270, capture.Get(VideoCaptureProperties.OrientationMeta));
    }

    [Fact]
    public void Files_that_are_not_ISO_BMFF_are_refused()
    {
        var path = videos.Write("clip.avi", new VideoSpec(160, 120, 25, 5));
        Assert.Throws<InvalidDataException>(() => Mp4RotationTag.Set(path, 90));
    }

    [Fact]
    public void Only_quarter_turns_are_accepted()
    {
        var path = videos.Write("clip.mp4", new VideoSpec(160, 120, 25, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => Mp4RotationTag.Set(path, 45));
    }
}
