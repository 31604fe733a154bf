namespace ExerciseFunctions.Runtime.Video;

/// <summary>
/// Output frames [<see cref="FirstOutputFrame"/>, <see cref="EndOutputFrame"/>) of a clip at the target rate. The
/// last segment of a plan is open-ended: it runs to wherever the video really ends, whatever the header said.
/// </summary>
internal sealed record ClipSegment(long FirstOutputFrame, long EndOutputFrame)
{
    public static ClipSegment Whole { get; } = new(0, long.MaxValue);

    /// <summary>Segments shorter than this are not worth a seek (its decode from the previous keyframe).</summary>
    public const int MinFrames = 16;

    /// <summary>
    /// Long-GOP codecs (H.264, HEVC, VP9, AV1; by FFmpeg name or by the tags phones' containers use) whose decoders
    /// FFmpeg threads by frames itself. Measured on two cores (docs/performance.md): H.264 in segments was no faster
    /// than in one pass and cost about half as much CPU again, since each segment's seek re-decodes from a keyframe up
    /// to a second away; MPEG-4 part 2 in segments was 1.2–1.9 × faster.
    /// </summary>
    private static readonly HashSet<string> SelfThreadedCodecs = new(StringComparer.OrdinalIgnoreCase)
    {
        "h264", "avc1", "avc3", "hevc", "hvc1", "hev1", "vp9", "vp09", "vp90", "av1", "av01",
    };

    /// <summary>
    /// The whole video as one segment, unless it is to be segmented (<see cref="VideoReadOptions.Segmenting"/>), there
    /// are several decode workers and the header gives a plausible length: then at least one segment per worker, none
    /// longer than <see cref="VideoReadOptions.SegmentFrames"/>.
    /// </summary>
    public static IReadOnlyList<ClipSegment> Plan(VideoSourceInfo source, VideoReadOptions options)
    {
        var segmented = options.Segmenting switch
        {
            Segmenting.Always => true,
            Segmenting.Never => false,
            _ => !SelfThreadedCodecs.Contains(source.Codec),
        };
        // Segments are spans of the resampled timeline: reading every source frame is one pass.
        if (!segmented || options.Sampling == FrameSampling.Source || options.DecodeWorkers <= 1 || !source.HasPlausibleFps || source.HeaderFrameCount <= 0)
            return [Whole];
        var outputFrames = (long)Math.Ceiling(source.HeaderFrameCount / source.HeaderFps * options.TargetFps);
        var count = Math.Max(options.DecodeWorkers, (int)Math.Ceiling((double)outputFrames / options.SegmentFrames));
        var length = (long)Math.Ceiling((double)outputFrames / count);
        if (length < MinFrames)
            return [Whole];
        return Enumerable.Range(0, count)
            .Select(i => new ClipSegment(i * length, i == count - 1 ? long.MaxValue : (i + 1) * length))
            .ToList();
    }
}

/// <summary>What decoding one segment found.</summary>
internal sealed class SegmentTally
{
    /// <summary>Source frames shown within the segment's span; frames decoded only to reach it are not counted.</summary>
    public int DecodedFrames { get; set; }

    public int SampledFrames { get; set; }

    /// <summary>Set when the video's last frame lies in this segment (the end padding was emitted with it).</summary>
    public double? VideoDurationSeconds { get; set; }
}
