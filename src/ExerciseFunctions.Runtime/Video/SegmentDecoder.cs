using OpenCvSharp;

namespace ExerciseFunctions.Runtime.Video;

/// <summary>
/// Decodes segments of one video from one capture: each a single forward pass that emits the segment's output
/// frames (preprocessed by <see cref="FramePreprocessor"/>) exactly as one pass over the whole video would. A
/// segment after the start is reached by seeking to just before it; frames before it are decoded, not converted.
/// </summary>
internal sealed class SegmentDecoder(VideoCapture capture, VideoSourceInfo source, VideoReadOptions options, string name) : IDisposable
{
    // Seek this far before a segment first, then further back if the capture lands late.
    private static readonly double[] SeekMarginsSeconds = [0.1, 1, 4];

    private readonly FramePreprocessor preprocessor = new(options.ChannelOrder);
    private readonly Mat frame = new();
    private readonly SourceClock clock = new(1 / (source.HasPlausibleFps ? source.HeaderFps : options.TargetFps));

    /// <exception cref="InvalidVideoException">Longer or shorter than allowed, undecodable frames, or no frames.</exception>
    /// <param name="stop">Ends the pass early, quietly: its frames are no longer wanted.</param>
    public IEnumerable<byte[]> Decode(ClipSegment segment, SegmentTally tally, CancellationToken stop = default)
    {
        var resampler = new FrameRateResampler(options.TargetFps, segment.FirstOutputFrame, options.Sampling == FrameSampling.Source);
        var startSeconds = segment.FirstOutputFrame / options.TargetFps;
        var endSeconds = segment.EndOutputFrame / options.TargetFps;
        if (segment.FirstOutputFrame > 0)
            SeekBefore(startSeconds);
        byte[]? lastSampled = null;
        var lastOwnedSeconds = 0.0;

        while (capture.Grab())
        {
            if (stop.IsCancellationRequested)
                yield break;
            var seconds = clock.Next(capture.Get(VideoCaptureProperties.PosMsec) / 1000);
            if (seconds > options.MaxDurationSeconds)
                VideoDuration.Refuse(name, seconds, options);
            var next = resampler.NextOutputFrame;
            var copies = (int)Math.Min(resampler.OutputFramesFor(seconds), segment.EndOutputFrame - next);
            if (copies > 0)
            {
                lastSampled = Convert(seconds);
                for (var copy = 0; copy < copies; copy++, tally.SampledFrames++)
                    yield return copy == 0 ? lastSampled : (byte[])lastSampled.Clone();
            }
            // This frame is where the next segment starts: it has filled what this segment still lacked.
            if (seconds + FrameRateResampler.ToleranceSeconds >= endSeconds)
                yield break;
            if (seconds + FrameRateResampler.ToleranceSeconds >= startSeconds)
            {
                if (++tally.DecodedFrames > options.Limits.MaxFrames(options))
                    options.Limits.RefuseFrameCount(name, options);
                lastOwnedSeconds = seconds;
            }
        }

        if (tally.DecodedFrames == 0 && segment.FirstOutputFrame == 0)
            throw new InvalidVideoException($"'{name}' contains no decodable frames.");
        if (tally.DecodedFrames == 0 || lastSampled is null)
            throw new InvalidOperationException($"Decoding '{name}' from {startSeconds:0.###} s found no frame where the previous part ended.");
        var duration = lastOwnedSeconds + clock.FrameInterval;
        VideoDuration.Refuse(name, duration, options);
        for (var padding = resampler.OutputFramesBeforeEnd(duration); padding > 0; padding--, tally.SampledFrames++)
            yield return (byte[])lastSampled.Clone();
        tally.VideoDurationSeconds = duration;
    }

    public void Dispose()
    {
        preprocessor.Dispose();
        frame.Dispose();
    }

    private byte[] Convert(double seconds)
    {
        if (!capture.Retrieve(frame) || frame.Empty())
            throw new InvalidVideoException($"The frame at {seconds:0.###} s of '{name}' could not be decoded.");
        return preprocessor.Process(frame, source.RotationDegrees);
    }

    /// <summary>
    /// Positions the capture so that the next frame grabbed is shown before <paramref name="startSeconds"/>; the frame
    /// grabbed to check the landing lies before the segment and is dropped (no output frame of it is due).
    /// </summary>
    private void SeekBefore(double startSeconds)
    {
        if (!clock.HasOrigin && capture.Grab())
            clock.Next(capture.Get(VideoCaptureProperties.PosMsec) / 1000);
        foreach (var margin in SeekMarginsSeconds)
        {
            var target = startSeconds - margin;
            if (target <= 0)
                break;
            clock.Reposition();
            if (capture.Set(VideoCaptureProperties.PosMsec, clock.TimestampOf(target) * 1000) && capture.Grab()
                && clock.Next(capture.Get(VideoCaptureProperties.PosMsec) / 1000) + FrameRateResampler.ToleranceSeconds < startSeconds)
                return;
        }
        Rewind();
    }

    /// <summary>Back to the first frame, which every later segment starts after.</summary>
    private void Rewind()
    {
        clock.Reposition();
        if (!capture.Set(VideoCaptureProperties.PosFrames, 0))
            throw new InvalidOperationException($"'{name}' cannot be rewound to decode it in parts.");
    }
}
