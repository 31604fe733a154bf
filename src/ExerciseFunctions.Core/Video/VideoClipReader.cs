using OpenCvSharp;

namespace ExerciseFunctions.Core.Video;

/// <summary>What the container says about a video, after rotation (width and height are upright).</summary>
public sealed record VideoSourceInfo(int Width, int Height, int RotationDegrees, double HeaderFps, int HeaderFrameCount);

/// <summary>Counted while decoding: the header is not trusted.</summary>
public sealed record ClipStatistics(int DecodedFrames, int SampledFrames, double DurationSeconds);

/// <summary>
/// Streams a video as preprocessed frames: upright, resampled to the target rate, short side 256 (bilinear),
/// centre crop 224x224, RGB, one byte[224*224*3] (HWC) per frame. Memory stays bounded for long videos.
/// </summary>
public sealed class VideoClipReader : IDisposable
{
    // FFmpeg decode threads: CAP_PROP_N_THREADS, only honoured as an open parameter and missing from the enum.
    private const int FfmpegThreadCountProperty = 70;
    private const double MaxPlausibleFps = 1000;

    private readonly VideoCapture _capture;
    private readonly VideoReadOptions _options;
    private readonly string? _spooledFile;
    private readonly string _name;
    private ClipStatistics? _statistics;
    private bool _enumerated;

    private VideoClipReader(VideoCapture capture, VideoReadOptions options, VideoSourceInfo source, string name, string? spooledFile)
    {
        _name = name;
        _capture = capture;
        _options = options;
        Source = source;
        _spooledFile = spooledFile;
    }

    /// <exception cref="InvalidVideoException">Missing, empty or undecodable file; header duration out of bounds.</exception>
    public static VideoClipReader Open(string path, VideoReadOptions options) => Open(path, options, spooledFile: null);

    /// <summary>Copies <paramref name="video"/> to a temporary file (FFmpeg needs to seek), removed on dispose.</summary>
    public static VideoClipReader Open(Stream video, VideoReadOptions options)
    {
        var spooled = Path.Combine(Path.GetTempPath(), $"exercise-video-{Guid.NewGuid():N}");
        try
        {
            using (var file = File.Create(spooled))
                video.CopyTo(file);
            return Open(spooled, options, spooled);
        }
        catch
        {
            File.Delete(spooled);
            throw;
        }
    }

    public VideoSourceInfo Source { get; }

    /// <summary>Valid once <see cref="ReadFrames"/> has been enumerated to the end.</summary>
    public ClipStatistics Statistics => _statistics ?? throw new InvalidOperationException("Statistics are known once all frames have been read.");

    /// <summary>One forward pass over the video; can be enumerated once.</summary>
    /// <exception cref="InvalidVideoException">Longer or shorter than allowed (found while decoding), or no frames.</exception>
    public IEnumerable<byte[]> ReadFrames()
    {
        if (_enumerated)
            throw new InvalidOperationException("A video can be read once; open it again to re-read it.");
        _enumerated = true;
        return Decode();
    }

    public void Dispose()
    {
        _capture.Dispose();
        if (_spooledFile is not null)
            File.Delete(_spooledFile);
    }

    private static VideoClipReader Open(string path, VideoReadOptions options, string? spooledFile)
    {
        var name = spooledFile is null ? Path.GetFileName(path) : "uploaded video";
        if (!File.Exists(path))
            throw new InvalidVideoException($"Video file not found: {path}");
        if (new FileInfo(path).Length == 0)
            throw new InvalidVideoException($"Video file '{name}' is empty (0 bytes).");

        int[] openParameters = options.DecodeThreads > 0 ? [FfmpegThreadCountProperty, options.DecodeThreads] : [];
        var capture = new VideoCapture(path, VideoCaptureAPIs.FFMPEG, openParameters);
        try
        {
            if (!capture.IsOpened() || capture.FrameWidth <= 0 || capture.FrameHeight <= 0)
                throw new InvalidVideoException($"'{name}' is not a readable video: no decodable video stream.");
            // Frames are rotated after cropping (FramePreprocessor), far cheaper than FFmpeg rotating full frames.
            capture.Set(VideoCaptureProperties.OrientationAuto, 0);
            var source = DescribeSource(capture);
            RefuseByHeader(name, source, options);
            return new VideoClipReader(capture, options, source, name, spooledFile);
        }
        catch
        {
            capture.Dispose();
            throw;
        }
    }

    private static VideoSourceInfo DescribeSource(VideoCapture capture)
    {
        var rotation = ((int)Math.Round(capture.Get(VideoCaptureProperties.OrientationMeta) / 90) * 90 % 360 + 360) % 360;
        var upright = FramePreprocessor.UprightSize(capture.FrameWidth, capture.FrameHeight, rotation);
        return new VideoSourceInfo(upright.Width, upright.Height, rotation, capture.Fps, capture.FrameCount);
    }

    /// <summary>Early refusal when the header is plausible; decoding checks again (headers can lie).</summary>
    private static void RefuseByHeader(string name, VideoSourceInfo source, VideoReadOptions options)
    {
        if (!HasPlausibleFps(source) || source.HeaderFrameCount <= 0)
            return;
        var seconds = source.HeaderFrameCount / source.HeaderFps;
        RefuseDuration(name, seconds, options);
    }

    private static void RefuseDuration(string name, double seconds, VideoReadOptions options)
    {
        if (seconds > options.MaxDurationSeconds)
            throw new InvalidVideoException($"'{name}' is too long: {seconds:0.#} s (at most {options.MaxDurationSeconds:0.#} s allowed).");
        if (seconds < options.MinDurationSeconds)
            throw new InvalidVideoException($"'{name}' is too short: {seconds:0.###} s (at least {options.MinDurationSeconds:0.###} s needed).");
    }

    private static bool HasPlausibleFps(VideoSourceInfo source) => source.HeaderFps is > 0 and <= MaxPlausibleFps;

    private IEnumerable<byte[]> Decode()
    {
        var frameInterval = 1 / (HasPlausibleFps(Source) ? Source.HeaderFps : _options.TargetFps);
        var resampler = new FrameRateResampler(_options.TargetFps);
        using var preprocessor = new FramePreprocessor();
        using var frame = new Mat();
        var decoded = 0;
        var sampled = 0;
        double firstTimestamp = 0, seconds = 0;

        while (_capture.Grab())
        {
            var timestamp = _capture.Get(VideoCaptureProperties.PosMsec) / 1000;
            if (decoded == 0)
                firstTimestamp = timestamp;
            var elapsed = timestamp - firstTimestamp;
            // A missing or non-increasing timestamp falls back to the nominal frame interval.
            seconds = decoded == 0 ? 0 : elapsed > seconds ? elapsed : seconds + frameInterval;
            decoded++;
            if (seconds > _options.MaxDurationSeconds)
                RefuseDuration(_name, seconds, _options);

            var copies = resampler.OutputFramesFor(seconds);
            if (copies == 0)
                continue;
            if (!_capture.Retrieve(frame) || frame.Empty())
                throw new InvalidVideoException($"Frame {decoded} of '{_name}' could not be decoded.");
            var pixels = preprocessor.Process(frame, Source.RotationDegrees);
            for (var copy = 0; copy < copies; copy++, sampled++)
                yield return copy == 0 ? pixels : (byte[])pixels.Clone();
        }

        if (decoded == 0)
            throw new InvalidVideoException($"'{_name}' contains no decodable frames.");
        var duration = seconds + frameInterval;
        RefuseDuration(_name, duration, _options);
        _statistics = new ClipStatistics(decoded, sampled, duration);
    }
}
