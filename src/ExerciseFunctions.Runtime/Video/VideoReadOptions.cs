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
