using ExerciseFunctions.Runtime.Video;

namespace ExerciseFunctions.Runtime.Tests.Video;

public class FrameRateResamplerTests
{
    /// <summary>Output frames per source frame for a constant-rate source of <paramref name="frames"/> frames.</summary>
    private static (int[] PerFrame, int Padding) Resample(double sourceFps, int frames, double targetFps = 25)
    {
        var resampler = new FrameRateResampler(targetFps);
        var perFrame = Enumerable.Range(0, frames).Select(i => resampler.OutputFramesFor(Math.Round(i / sourceFps, 3))).ToArray();
        return (perFrame, resampler.OutputFramesBeforeEnd(frames / sourceFps));
    }

    [Theory]
    [InlineData(30, 60, 50)]
    [InlineData(60, 120, 50)]
    [InlineData(25, 50, 50)]
    [InlineData(29.97, 300, 251)]
    [InlineData(10, 20, 50)]
    [InlineData(30, 61, 51)]
    public void A_video_of_d_seconds_gives_ceil_d_times_25_frames(double sourceFps, int frames, int expected)
    {
        var (perFrame, padding) = Resample(sourceFps, frames);
        Assert.Equal(expected, perFrame.Sum() + padding);
    }

    [Fact]
    public void Downsampling_30_to_25_drops_one_frame_in_six()
    {
        var (perFrame, _) = Resample(30, 12);
        Assert.Equal([1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1], perFrame);
    }

    [Fact]
    public void Upsampling_repeats_frames_and_pads_to_the_end()
    {
        var (perFrame, padding) = Resample(10, 4);
        Assert.Equal([1, 2, 3, 2], perFrame);
        Assert.Equal(2, padding);
    }
}
