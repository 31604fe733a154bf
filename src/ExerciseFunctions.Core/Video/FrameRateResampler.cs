namespace ExerciseFunctions.Core.Video;

/// <summary>
/// Resamples a stream of decoded frames to a fixed rate by timestamp: output frame k (at k / rate seconds) is the
/// first source frame shown at or after that time. Each source frame is told how many output frames it fills
/// (0 when it can be skipped without converting it), so decoding stays a single forward pass.
/// </summary>
public sealed class FrameRateResampler(double targetFps)
{
    // Container timestamps are rounded (often to the millisecond); a frame this close to a target time counts as on it.
    private const double ToleranceSeconds = 1e-4;

    private long _nextOutputFrame;

    public double TargetFps { get; } = targetFps > 0 ? targetFps : throw new ArgumentOutOfRangeException(nameof(targetFps), targetFps, "The target frame rate must be positive.");

    /// <summary>How many output frames the source frame shown at <paramref name="seconds"/> (from the first frame) fills.</summary>
    public int OutputFramesFor(double seconds)
    {
        var count = 0;
        while (_nextOutputFrame / TargetFps <= seconds + ToleranceSeconds)
        {
            _nextOutputFrame++;
            count++;
        }
        return count;
    }
}
