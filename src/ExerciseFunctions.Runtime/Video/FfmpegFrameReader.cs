using OpenCvSharp;

namespace ExerciseFunctions.Runtime.Video;

/// <summary>
/// Reads a video in one pass through the platform's ffmpeg command (<see cref="VideoDecoder.Ffmpeg"/>), with the
/// OpenCV reader's semantics: the same timestamps (SourceClock), resampling rule, duration and frame-count limits and end padding,
/// and the same <see cref="FramePreprocessor"/> on the same BGR pixels. ffmpeg converts and sends only the part of
/// each frame the crop reads (<see cref="FramePreprocessor.SourceRegion"/>), so the pipe carries about 40% of a
/// portrait frame. Frames are produced lazily, as ffmpeg decodes them.
/// </summary>
internal sealed class FfmpegFrameReader(string ffmpeg, string path, VideoSourceInfo source, VideoReadOptions options, string name) : IDisposable
{
    private FfmpegFrameStream? stream;

    /// <param name="onCompleted">Called with the statistics once the last frame has been yielded.</param>
    /// <exception cref="InvalidVideoException">Longer or shorter than allowed, no frames, or ffmpeg failed or stalled.</exception>
    public IEnumerable<byte[]> Read(Action<ClipStatistics> onCompleted)
    {
        // The source describes the upright video; ffmpeg delivers frames as stored.
        var stored = FramePreprocessor.UprightSize(source.Width, source.Height, source.RotationDegrees);
        var region = FramePreprocessor.SourceRegion(stored.Width, stored.Height, source.RotationDegrees);
        using var frame = new Mat(stored.Height, stored.Width, MatType.CV_8UC3, Scalar.All(0));
        using var window = frame[region];
        using var received = new Mat(region.Height, region.Width, MatType.CV_8UC3);
        using var preprocessor = new FramePreprocessor(options.ChannelOrder);
        using var frames = stream = FfmpegFrameStream.Start(ffmpeg, path, region, options.DecodeThreads, options.DecoderStallTimeout, name);
        var clock = new SourceClock(1 / (source.HasPlausibleFps ? source.HeaderFps : options.TargetFps));
        var resampler = new FrameRateResampler(options.TargetFps, everySourceFrame: options.Sampling == FrameSampling.Source);
        byte[]? lastSampled = null;
        int decoded = 0, sampled = 0;
        var lastSeconds = 0.0;

        while (frames.ReadFrame(received) is { } timestamp)
        {
            var seconds = clock.Next(timestamp);
            if (seconds > options.MaxDurationSeconds)
                VideoDuration.Refuse(name, seconds, options);
            if (++decoded > options.Limits.MaxFrames(options))
                options.Limits.RefuseFrameCount(name, options);
            lastSeconds = seconds;
            var copies = resampler.OutputFramesFor(seconds);
            if (copies == 0)
                continue;
            received.CopyTo(window);
            lastSampled = preprocessor.Process(frame, source.RotationDegrees);
            for (var copy = 0; copy < copies; copy++, sampled++)
                yield return copy == 0 ? lastSampled : (byte[])lastSampled.Clone();
        }

        frames.EnsureSucceeded();
        if (lastSampled is null)
            throw new InvalidVideoException($"'{name}' contains no decodable frames.");
        var duration = lastSeconds + clock.FrameInterval;
        VideoDuration.Refuse(name, duration, options);
        for (var padding = resampler.OutputFramesBeforeEnd(duration); padding > 0; padding--, sampled++)
            yield return (byte[])lastSampled.Clone();
        onCompleted(new ClipStatistics(decoded, sampled, duration));
    }

    /// <summary>Stops the ffmpeg command of a read that was not enumerated to the end.</summary>
    public void Dispose() => stream?.Dispose();
}
