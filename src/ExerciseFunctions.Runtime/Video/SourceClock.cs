namespace ExerciseFunctions.Runtime.Video;

/// <summary>
/// A source frame's time in seconds from the first frame, by container timestamp. A missing or non-increasing
/// timestamp falls back to the nominal frame interval after the previous frame.
/// </summary>
internal sealed class SourceClock(double frameInterval)
{
    private double? origin;
    private double previous;

    public bool HasOrigin => origin is not null;

    public double FrameInterval => frameInterval;

    public double Next(double timestampSeconds)
    {
        if (origin is not { } start)
        {
            origin = timestampSeconds;
            return previous = 0;
        }
        var elapsed = timestampSeconds - start;
        return previous = elapsed > previous ? elapsed : previous + frameInterval;
    }

    /// <summary>After a seek the next frame's own timestamp counts, whatever was read before.</summary>
    public void Reposition() => previous = double.NegativeInfinity;

    /// <summary>The container timestamp of the frame <paramref name="seconds"/> after the first one.</summary>
    public double TimestampOf(double seconds) => (origin ?? 0) + seconds;
}
