namespace ExerciseFunctions.Core.Video;

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
    /// The whole video as one segment, unless there are several decode workers and the header gives a plausible
    /// length: then at least one segment per worker, none longer than <see cref="VideoReadOptions.SegmentFrames"/>.
    /// </summary>
    public static IReadOnlyList<ClipSegment> Plan(VideoSourceInfo source, VideoReadOptions options)
    {
        if (options.DecodeWorkers <= 1 || !source.HasPlausibleFps || source.HeaderFrameCount <= 0)
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
