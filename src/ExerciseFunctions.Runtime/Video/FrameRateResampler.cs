namespace ExerciseFunctions.Runtime.Video;

/// <summary>
/// Resamples a stream of decoded frames to a fixed rate by timestamp: output frame k (at k / rate seconds) is the
/// first source frame shown at or after that time, and output frames after the last source frame's timestamp
/// (but before the end of the video) repeat the last one, so a video of d seconds gives ceil(d * rate) frames.
/// Each source frame is told how many output frames it fills (0: skip it without converting it), so decoding
/// stays a single forward pass. A resampler for part of a video starts at that part's first output frame. With
/// <paramref name="everySourceFrame"/> (<see cref="FrameSampling.Source"/>) each source frame fills exactly one output
/// frame and nothing is padded: the video at its own rate.
/// </summary>
public sealed class FrameRateResampler(double targetFps, long firstOutputFrame = 0, bool everySourceFrame = false)
{
    // Container timestamps are rounded (often to the millisecond); a frame this close to a target time counts as on it.
    public const double ToleranceSeconds = 1e-4;

    private long nextOutputFrame = firstOutputFrame;

    public double TargetFps { get; } = targetFps > 0 ? targetFps : throw new ArgumentOutOfRangeException(nameof(targetFps), targetFps, "The target frame rate must be positive.");

    /// <summary>The index of the output frame the next call fills first.</summary>
    public long NextOutputFrame => nextOutputFrame;

    /// <summary>How many output frames the source frame shown at <paramref name="seconds"/> (from the first frame) fills.</summary>
    public int OutputFramesFor(double seconds)
    {
        if (everySourceFrame)
        {
            nextOutputFrame++;
            return 1;
        }
        return AdvanceWhile(k => k / TargetFps <= seconds + ToleranceSeconds);
    }

    /// <summary>How many output frames remain before the video ends at <paramref name="durationSeconds"/>.</summary>
    public int OutputFramesBeforeEnd(double durationSeconds) =>
        everySourceFrame ? 0 : AdvanceWhile(k => k / TargetFps < durationSeconds - ToleranceSeconds);

    private int AdvanceWhile(Func<long, bool> isDue)
    {
        var count = 0;
        for (; isDue(nextOutputFrame); nextOutputFrame++)
            count++;
        return count;
    }
}

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
