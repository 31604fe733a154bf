using ExerciseFunctions.Runtime.Video;
using ExerciseFunctions.Testing;

namespace ExerciseFunctions.Runtime.Tests.Video;

/// <summary>The reference work's preprocessing: OpenCV's BGR frames, every source frame, no resampling to 25 fps.</summary>
public sealed class ReferencePreprocessingTests : IDisposable
{
    private const int Tolerance = 40; // mp4v chroma at quadrant colours

    private readonly GeneratedVideoDirectory videos = new();

    [Theory]
    [InlineData(VideoDecoder.Ffmpeg)]
    [InlineData(VideoDecoder.OpenCv)]
    public void A_30_fps_clip_read_as_the_reference_gives_every_source_frame_in_bgr_order(VideoDecoder decoder)
    {
        var spec = new VideoSpec(640, 360, 30, FrameCount: 45);
        var path = videos.Write("pattern30.mp4", spec);
        var options = new VideoReadOptions { Decoder = decoder, Sampling = FrameSampling.Source, ChannelOrder = ChannelOrder.Bgr };

        using var reader = VideoClipReader.Open(path, options);
        var frames = reader.ReadFrames().ToList();

        // Resampled to 25 fps the 1.5 s would give 38 frames; read at the source rate, all 45 the generator wrote.
        Assert.Equal(spec.FrameCount, frames.Count);
        Assert.Equal(30, reader.SampledFps);
        // 640x360 scaled to 455x256, cropped at x 115, y 16: crop (20, 20) lies in the top-left quadrant, (20, 200)
        // in the top-right, (200, 20) in the bottom-left; each pixel's bytes are the quadrant's colour as written, B G R.
        foreach (var frame in frames)
        {
            AssertPixel(frame, row: 20, column: 20, GeneratedVideos.TopLeft);
            AssertPixel(frame, row: 20, column: 200, GeneratedVideos.TopRight);
            AssertPixel(frame, row: 200, column: 20, GeneratedVideos.BottomLeft);
        }
    }

    private static void AssertPixel(byte[] frame, int row, int column, OpenCvSharp.Scalar bgr)
    {
        var offset = (row * FramePreprocessor.CropSize + column) * FramePreprocessor.Channels;
        for (var channel = 0; channel < 3; channel++)
        {
            Assert.InRange(frame[offset + channel], bgr[channel] - Tolerance, bgr[channel] + Tolerance);
        }
    }

    public void Dispose() => videos.Dispose();
}
