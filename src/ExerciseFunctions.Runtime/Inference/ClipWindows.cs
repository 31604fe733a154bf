namespace ExerciseFunctions.Runtime.Inference;

/// <summary>A window of sampled frames, as indices into the video (looped when the video is short).</summary>
public sealed record ClipWindow(IReadOnlyList<int> FrameIndices);

public static class ClipWindows
{
    /// <summary>
    /// Windows of exactly <paramref name="windowFrames"/> frames covering the video; short videos loop
    /// (as the reference work padded them). Windows start every <paramref name="stride"/> frames; when the last
    /// one stops short of the end, one more window ends on the last frame, so every frame is scored.
    /// </summary>
    public static IReadOnlyList<ClipWindow> Plan(int frameCount, int windowFrames, int stride)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frameCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(windowFrames, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        if (frameCount <= windowFrames)
        {
            return [new ClipWindow(Enumerable.Range(0, windowFrames).Select(i => i % frameCount).ToArray())];
        }
        var starts = new List<int>();
        for (var start = 0; start + windowFrames <= frameCount; start += stride)
        {
            starts.Add(start);
        }
        if (starts[^1] + windowFrames < frameCount)
        {
            starts.Add(frameCount - windowFrames);
        }
        return starts.Select(start => new ClipWindow(Enumerable.Range(start, windowFrames).ToArray())).ToArray();
    }
}
