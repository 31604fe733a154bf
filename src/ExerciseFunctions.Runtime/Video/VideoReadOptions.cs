namespace ExerciseFunctions.Runtime.Video;

/// <summary>Whether a video is decoded in segments on several threads (<see cref="VideoReadOptions.DecodeWorkers"/>).</summary>
public enum Segmenting
{
    /// <summary>In segments unless the codec is one FFmpeg spreads over the cores itself (<see cref="ClipSegment.Plan"/>).</summary>
    Auto,
    Always,
    Never,
}

/// <summary>Which decoder reads a video (<see cref="VideoReadOptions.Decoder"/>); every one gives the same frames within decoder noise.</summary>
public enum VideoDecoder
{
    /// <summary><see cref="Ffmpeg"/> when the ffmpeg command is on the PATH, otherwise <see cref="OpenCv"/>.</summary>
    Auto,

    /// <summary>
    /// The platform's ffmpeg command (Debian's; tools/setup.sh installs it), one pass with its own decode threads:
    /// 2.2–2.7x faster than OpenCV's bundled FFmpeg where decoding is the cost (phone-bitrate and 4K HEVC), no faster
    /// on cheap-to-decode clips (docs/performance.md).
    /// </summary>
    Ffmpeg,

    /// <summary>OpenCV's bundled FFmpeg, in process, in segments on several threads where that pays (<see cref="Segmenting"/>).</summary>
    OpenCv,
}

/// <summary>How a video is sampled before it reaches the network.</summary>
public sealed record VideoReadOptions
{
    /// <summary>Frames are resampled to this rate by timestamp (the I3D models were trained at 25 fps).</summary>
    public double TargetFps { get; init; } = 25;

    /// <summary><see cref="FrameSampling.Source"/>: no resampling, every decoded frame once (<see cref="TargetFps"/> unused).</summary>
    public FrameSampling Sampling { get; init; } = FrameSampling.Resampled;

    public ChannelOrder ChannelOrder { get; init; } = ChannelOrder.Rgb;

    /// <summary>Longer videos are refused with an <see cref="InvalidVideoException"/>.</summary>
    public double MaxDurationSeconds { get; init; } = 120;

    /// <summary>Shorter videos are refused: too little motion to classify.</summary>
    public double MinDurationSeconds { get; init; } = 0.5;

    /// <summary>Resolution, aspect ratio and frame rate a video may have; checked before decoding.</summary>
    public VideoLimits Limits { get; init; } = new();

    /// <summary>
    /// Threads that decode segments of one video at once with the OpenCV decoder, each with its own capture (1: one
    /// pass on the calling thread; the ffmpeg decoder always reads in one pass). One capture parallelises only FFmpeg's decode; its colour conversion, resize and crop stay serial.
    /// </summary>
    public int DecodeWorkers { get; init; } = Math.Min(Environment.ProcessorCount, 2);

    public Segmenting Segmenting { get; init; } = Segmenting.Auto;

    /// <summary>
    /// The longest segment, in output frames (4 s at 25 fps): bounds the frames decoded ahead of the reader to
    /// (<see cref="DecodeWorkers"/> + 1) segments while costing one seek per segment.
    /// </summary>
    public int SegmentFrames { get; init; } = 100;

    /// <summary>FFmpeg decode threads per capture or ffmpeg command (0: FFmpeg's choice).</summary>
    public int DecodeThreads { get; init; }

    public VideoDecoder Decoder { get; init; } = VideoDecoder.Auto;

    /// <summary>The ffmpeg command is stopped, and the video refused, when no frame has come from it for this long.</summary>
    public TimeSpan DecoderStallTimeout { get; init; } = TimeSpan.FromSeconds(60);
}

/// <summary>Which frames of a video reach the network (<see cref="VideoReadOptions.Sampling"/>).</summary>
public enum FrameSampling
{
    /// <summary>Resampled by timestamp to <see cref="VideoReadOptions.TargetFps"/> (25 fps, as I3D was trained).</summary>
    Resampled,

    /// <summary>Every decoded frame once, at the video's own rate, as the reference work read videos with OpenCV.</summary>
    Source,
}

/// <summary>The order of the colour channels in each frame handed to the network (<see cref="VideoReadOptions.ChannelOrder"/>).</summary>
public enum ChannelOrder
{
    /// <summary>Red, green, blue: what the I3D models were trained on.</summary>
    Rgb,

    /// <summary>Blue, green, red: OpenCV's order, which the reference work fed its networks without converting.</summary>
    Bgr,
}

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

/// <summary>The allowed length of a video (<see cref="VideoReadOptions"/>), with the user-facing refusal.</summary>
internal static class VideoDuration
{
    /// <exception cref="InvalidVideoException">Longer or shorter than allowed.</exception>
    public static void Refuse(string name, double seconds, VideoReadOptions options)
    {
        if (seconds > options.MaxDurationSeconds)
            throw new InvalidVideoException($"'{name}' is too long: {seconds:0.#} s (at most {options.MaxDurationSeconds:0.#} s allowed).");
        if (seconds < options.MinDurationSeconds)
            throw new InvalidVideoException($"'{name}' is too short: {seconds:0.###} s (at least {options.MinDurationSeconds:0.###} s needed).");
    }
}

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
