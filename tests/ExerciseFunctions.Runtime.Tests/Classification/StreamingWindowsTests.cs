using ExerciseFunctions.Runtime.Classification;

namespace ExerciseFunctions.Runtime.Tests.Classification;

/// <summary>Windows found while frames arrive are the planned ones, with the right frames and flow, in order.</summary>
public sealed class StreamingWindowsTests
{
    [Theory]
    [InlineData(5, 8, 8, new[] { "0,1,2,3,4,0,1,2" })]
    [InlineData(8, 8, 8, new[] { "0-7" })]
    [InlineData(20, 8, 8, new[] { "0-7", "8-15", "12-19" })]
    [InlineData(16, 8, 8, new[] { "0-7", "8-15" })]
    [InlineData(14, 8, 4, new[] { "0-7", "4-11", "6-13" })]
    [InlineData(30, 8, 12, new[] { "0-7", "12-19", "22-29" })]
    public void Windows_are_those_of_the_plan_with_their_own_frames(int frameCount, int windowFrames, int stride, string[] expected)
    {
        var windows = Stream(frameCount, new MethodOptions { WindowFrames = windowFrames, WindowStride = stride });

        Assert.Equal(expected.Select(Indices), windows.Select(w => w.Window.FrameIndices.ToArray()));
        foreach (var window in windows)
        {
            // Each frame and flow field is tagged with its own index: the window must carry exactly those.
            Assert.Equal(window.Window.FrameIndices, window.Frames.Select(f => (int)f[0]));
            Assert.Equal(window.Window.FrameIndices, window.Flow.Select(f => (int)f[0]));
        }
    }

    [Fact]
    public void A_long_video_keeps_only_one_window_of_frames()
    {
        var options = new MethodOptions { WindowFrames = 8, WindowStride = 8 };
        var windows = new StreamingWindows(options);
        var frames = new List<WeakReference<byte[]>>();
        for (var i = 0; i < 64; i++)
        {
            var frame = new byte[1 << 16];
            frames.Add(new WeakReference<byte[]>(frame));
            windows.Add(frame, []);
        }
        GC.Collect();
        GC.WaitForPendingFinalizers();

        Assert.InRange(frames.Count(f => f.TryGetTarget(out _)), options.WindowFrames, options.WindowFrames);
    }

    private static List<ReadyWindow> Stream(int frameCount, MethodOptions options)
    {
        var windows = new StreamingWindows(options);
        var ready = new List<ReadyWindow>();
        for (var i = 0; i < frameCount; i++)
        {
            if (windows.Add([(byte)i], [i]) is { } window)
            {
                ready.Add(window);
            }
        }
        ready.AddRange(windows.Finish());
        return ready;
    }

    /// <summary>"a-b" is the range a..b; otherwise a comma-separated list.</summary>
    private static int[] Indices(string text) => text.Contains('-')
        ? Enumerable.Range(int.Parse(text.Split('-')[0]), int.Parse(text.Split('-')[1]) - int.Parse(text.Split('-')[0]) + 1).ToArray()
        : text.Split(',').Select(int.Parse).ToArray();
}
