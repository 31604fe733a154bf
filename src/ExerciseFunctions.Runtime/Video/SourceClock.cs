namespace ExerciseFunctions.Runtime.Video;

/// <summary>
/// A source frame's time in seconds from the first frame, by container timestamp. A missing or non-increasing
/// timestamp falls back to the nominal frame interval after the previous frame.
/// </summary>
internal sealed class SourceClock(double frameInterval)
{
    private double? _origin;
    private double _previous;

    public bool HasOrigin => _origin is not null;

    public double FrameInterval => frameInterval;

    public double Next(double timestampSeconds)
    {
        if (_origin is not { } origin)
        {
            _origin = timestampSeconds;
            return _previous = 0;
        }
        var elapsed = timestampSeconds - origin;
        return _previous = elapsed > _previous ? elapsed : _previous + frameInterval;
    }

    /// <summary>After a seek the next frame's own timestamp counts, whatever was read before.</summary>
    public void Reposition() => _previous = double.NegativeInfinity;

    /// <summary>The container timestamp of the frame <paramref name="seconds"/> after the first one.</summary>
    public double TimestampOf(double seconds) => (_origin ?? 0) + seconds;
}
