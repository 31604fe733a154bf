namespace ExerciseFunctions.Core.Inference;

/// <summary>A window of sampled frames, as indices into the video (looped when the video is short).</summary>
public sealed record ClipWindow(IReadOnlyList<int> FrameIndices);

public static class ClipWindows
{
    /// <summary>Windows of exactly <paramref name="windowFrames"/> frames covering the video; short videos loop.</summary>
    public static IReadOnlyList<ClipWindow> Plan(int frameCount, int windowFrames, int stride) => throw new NotImplementedException();
}
