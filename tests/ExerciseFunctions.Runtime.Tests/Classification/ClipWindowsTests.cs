using ExerciseFunctions.Runtime.Classification;

namespace ExerciseFunctions.Runtime.Tests.Classification;

public class ClipWindowsTests
{
    [Fact]
    public void A_short_video_loops_to_fill_one_window()
    {
        var window = Assert.Single(ClipWindows.Plan(frameCount: 3, windowFrames: 7, stride: 7));

        Assert.Equal([0, 1, 2, 0, 1, 2, 0], window.FrameIndices);
    }

    [Fact]
    public void An_exact_fit_is_one_window()
    {
        Assert.Equal(Enumerable.Range(0, 64), Assert.Single(ClipWindows.Plan(64, 64, 64)).FrameIndices);
    }

    [Fact]
    public void Windows_step_by_the_stride_and_a_last_window_ends_on_the_last_frame()
    {
        var windows = ClipWindows.Plan(frameCount: 150, windowFrames: 64, stride: 64);

        Assert.Equal([0, 64, 86], windows.Select(w => w.FrameIndices[0]));
        Assert.All(windows, w => Assert.Equal(64, w.FrameIndices.Count));
        Assert.Equal(149, windows[^1].FrameIndices[^1]);
    }

    [Fact]
    public void Overlapping_strides_cover_every_frame()
    {
        var windows = ClipWindows.Plan(frameCount: 100, windowFrames: 40, stride: 30);

        Assert.Equal([0, 30, 60], windows.Select(w => w.FrameIndices[0]));
        Assert.Equal(Enumerable.Range(0, 100), windows.SelectMany(w => w.FrameIndices).Distinct().Order());
    }

    [Theory]
    [InlineData(0, 64, 64)]
    [InlineData(10, 0, 64)]
    [InlineData(10, 64, 0)]
    public void Non_positive_arguments_are_refused(int frames, int window, int stride)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ClipWindows.Plan(frames, window, stride));
    }
}
