namespace ExerciseFunctions.Runtime.Video;

/// <summary>
/// What a video may be before any frame is decoded: bad or hostile uploads (absurd resolution, aspect ratio or frame
/// rate) are refused from the container's header as bad input. The defaults let every phone recording through:
/// portrait or landscape up to 4K UHD and DCI 4K, slow motion up to 240 fps.
/// </summary>
public sealed record VideoLimits
{
    /// <summary>The longer side, upright (DCI 4K is 4096 wide).</summary>
    public int MaxSide { get; init; } = 4096;

    /// <summary>Width times height (4096 x 2304, a little over 4K UHD's 8.3 megapixels).</summary>
    public long MaxPixels { get; init; } = 4096L * 2304;

    /// <summary>Longer side over shorter side (phones record 16:9 = 1.78 and up to 21:9 = 2.33).</summary>
    public double MaxAspectRatio { get; init; } = 3;

    /// <summary>The header's frame rate (slow motion phones record 240 fps).</summary>
    public double MaxFrameRate { get; init; } = 240;

    /// <exception cref="InvalidVideoException">The video exceeds a limit; the message names it and its setting.</exception>
    public void Check(string name, VideoSourceInfo source)
    {
        var (longer, shorter) = (Math.Max(source.Width, source.Height), Math.Min(source.Width, source.Height));
        if ((double)longer / shorter > MaxAspectRatio)
        {
            Refuse(name, $"is {source.Width}x{source.Height}, an aspect ratio of {(double)longer / shorter:0.#}:1; at most {MaxAspectRatio:0.#}:1 is accepted", nameof(MaxAspectRatio));
        }
        if (longer > MaxSide)
        {
            Refuse(name, $"is {source.Width}x{source.Height}; the longer side may be at most {MaxSide} pixels", nameof(MaxSide));
        }
        if ((long)source.Width * source.Height > MaxPixels)
        {
            Refuse(name, $"has {(long)source.Width * source.Height:N0} pixels per frame; at most {MaxPixels:N0} are accepted", nameof(MaxPixels));
        }
        if (source.HeaderFps > MaxFrameRate * 1.01)
        {
            Refuse(name, $"is recorded at {source.HeaderFps:0.#} fps; at most {MaxFrameRate:0.#} fps is accepted", nameof(MaxFrameRate));
        }
    }

    /// <summary>The most frames a video may hold: the longest allowed duration at the highest allowed frame rate.</summary>
    public long MaxFrames(VideoReadOptions options) => (long)Math.Ceiling(options.MaxDurationSeconds * MaxFrameRate);

    /// <summary>For a header that under-states the frame rate: refused once decoding counts too many frames.</summary>
    public void RefuseFrameCount(string name, VideoReadOptions options) =>
        Refuse(name, $"holds more than {MaxFrames(options):N0} frames ({options.MaxDurationSeconds:0.#} s at {MaxFrameRate:0.#} fps)", nameof(MaxFrameRate));

    private static void Refuse(string name, string what, string setting) =>
        throw new InvalidVideoException($"'{name}' {what} (limit {setting}).");
}
