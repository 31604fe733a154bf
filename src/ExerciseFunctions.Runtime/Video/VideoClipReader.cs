using System.Runtime.InteropServices;
using OpenCvSharp;

namespace ExerciseFunctions.Runtime.Video;

/// <summary>What the container says about a video, after rotation (width and height are upright).</summary>
/// <param name="Codec">The container's four-character codec code or FFmpeg's codec name, e.g. "h264", "FMP4".</param>
public sealed record VideoSourceInfo(int Width, int Height, int RotationDegrees, double HeaderFps, int HeaderFrameCount, string Codec)
{
    private const double MaxPlausibleFps = 1000;

    public bool HasPlausibleFps => HeaderFps is > 0 and <= MaxPlausibleFps;
}

/// <summary>Counted while decoding: the header is not trusted.</summary>
public sealed record ClipStatistics(int DecodedFrames, int SampledFrames, double DurationSeconds);

/// <summary>
/// Streams a video as preprocessed frames: upright, resampled to the target rate (or every source frame,
/// <see cref="VideoReadOptions.Sampling"/>), short side 256 (bilinear), centre crop 224x224, RGB (or BGR,
/// <see cref="VideoReadOptions.ChannelOrder"/>), one byte[224*224*3] (HWC) per frame, produced lazily as they are decoded. Memory stays
/// bounded for long videos. <see cref="VideoReadOptions.Decoder"/> picks the decoder (<see cref="Decoder"/> says
/// which one reads): the platform's ffmpeg command in one pass (<see cref="FfmpegFrameReader"/>), or OpenCV's bundled
/// FFmpeg, which as <see cref="VideoReadOptions.Segmenting"/> decides decodes in segments on
/// <see cref="VideoReadOptions.DecodeWorkers"/> threads (<see cref="ParallelSegmentReader"/>), with the same frames as
/// one pass. The header is always read through OpenCV, so <see cref="Source"/> and early refusals do not depend on
/// the decoder.
/// </summary>
public sealed class VideoClipReader : IDisposable
{
    // FFmpeg decode threads: CAP_PROP_N_THREADS, only honoured as an open parameter and missing from the enum.
    private const int FfmpegThreadCountProperty = 70;

    private readonly string path;
    private readonly VideoCapture? capture;
    private readonly VideoReadOptions options;
    private readonly string? spooledFile;
    private readonly string name;
    private ClipStatistics? statistics;
    private FfmpegFrameReader? ffmpegReader;
    private bool enumerated;

    /// <param name="capture">The open capture for the OpenCV decoder; null for ffmpeg.</param>
    private VideoClipReader(string path, VideoCapture? capture, VideoReadOptions options, VideoSourceInfo source, string name, string? spooledFile)
    {
        this.path = path;
        this.name = name;
        this.capture = capture;
        this.options = options;
        Source = source;
        this.spooledFile = spooledFile;
        Decoder = capture is null ? VideoDecoder.Ffmpeg : VideoDecoder.OpenCv;
    }

    /// <exception cref="InvalidVideoException">Missing, empty or undecodable file; the header says it is too long.</exception>
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

    /// <summary>The decoder that reads the frames: <see cref="VideoDecoder.Ffmpeg"/> or <see cref="VideoDecoder.OpenCv"/>, never Auto.</summary>
    public VideoDecoder Decoder { get; }

    /// <summary><see cref="Decoder"/> for logs and timings: "ffmpeg" or "opencv".</summary>
    public string DecoderName => Decoder == VideoDecoder.Ffmpeg ? "ffmpeg" : "opencv";

    /// <summary>
    /// The rate of the frames <see cref="ReadFrames"/> yields: the target rate, or with <see cref="FrameSampling.Source"/>
    /// the header's nominal rate (the target rate when the header has none), which places frames in time.
    /// </summary>
    public double SampledFps => options.Sampling == FrameSampling.Source && Source.HasPlausibleFps ? Source.HeaderFps : options.TargetFps;

    /// <summary>How many segments <see cref="ReadFrames"/> decodes (1: one pass).</summary>
    public int SegmentCount => capture is null ? 1 : ClipSegment.Plan(Source, options).Count;

    /// <summary>Valid once <see cref="ReadFrames"/> has been enumerated to the end.</summary>
    public ClipStatistics Statistics => statistics ?? throw new InvalidOperationException("Statistics are known once all frames have been read.");

    /// <summary>One forward pass over the video; can be enumerated once.</summary>
    /// <exception cref="InvalidVideoException">Longer or shorter than allowed (found while decoding), or no frames.</exception>
    public IEnumerable<byte[]> ReadFrames()
    {
        if (enumerated)
            throw new InvalidOperationException("A video can be read once; open it again to re-read it.");
        enumerated = true;
        return Decode();
    }

    public void Dispose()
    {
        ffmpegReader?.Dispose();
        capture?.Dispose();
        if (spooledFile is not null)
            File.Delete(spooledFile);
    }

    private static VideoClipReader Open(string path, VideoReadOptions options, string? spooledFile)
    {
        NativeVideoLogging.EnsureQuiet();
        var name = spooledFile is null ? Path.GetFileName(path) : "uploaded video";
        if (!File.Exists(path))
            throw new InvalidVideoException($"Video file not found: {path}");
        if (new FileInfo(path).Length == 0)
            throw new InvalidVideoException($"Video file '{name}' is empty (0 bytes).");

        var decoder = FfmpegCommand.Resolve(options.Decoder);
        var capture = OpenCapture(path, options.DecodeThreads);
        try
        {
            if (!capture.IsOpened() || capture.FrameWidth <= 0 || capture.FrameHeight <= 0)
                throw new InvalidVideoException($"'{name}' is not a readable video: no decodable video stream.");
            var source = DescribeSource(capture);
            RefuseByHeader(name, source, options);
            if (decoder == VideoDecoder.Ffmpeg)
            {
                capture.Dispose();
                return new VideoClipReader(path, capture: null, options, source, name, spooledFile);
            }
            return new VideoClipReader(path, capture, options, source, name, spooledFile);
        }
        catch
        {
            capture.Dispose();
            throw;
        }
    }

    private static VideoCapture OpenCapture(string path, int decodeThreads)
    {
        int[] openParameters = decodeThreads > 0 ? [FfmpegThreadCountProperty, decodeThreads] : [];
        var capture = new VideoCapture(path, VideoCaptureAPIs.FFMPEG, openParameters);
        // Frames are rotated after cropping (FramePreprocessor), far cheaper than FFmpeg rotating full frames.
        capture.Set(VideoCaptureProperties.OrientationAuto, 0);
        return capture;
    }

    private static VideoSourceInfo DescribeSource(VideoCapture capture)
    {
        var rotation = ((int)Math.Round(capture.Get(VideoCaptureProperties.OrientationMeta) / 90) * 90 % 360 + 360) % 360;
        var upright = FramePreprocessor.UprightSize(capture.FrameWidth, capture.FrameHeight, rotation);
        return new VideoSourceInfo(upright.Width, upright.Height, rotation, capture.Fps, capture.FrameCount, FourCcText(capture));
    }

    private static string FourCcText(VideoCapture capture)
    {
        var code = (int)capture.Get(VideoCaptureProperties.FourCC);
        return string.Concat(Enumerable.Range(0, 4).Select(i => (char)((code >> (8 * i)) & 0xFF))).TrimEnd('\0');
    }

    /// <summary>
    /// Early refusal of what the header shows: a size, shape or frame rate over the limits, or a plausible header's
    /// over-long duration. Too short is only decided after decoding: a header that under-reports its frames must not
    /// get a valid video refused.
    /// </summary>
    private static void RefuseByHeader(string name, VideoSourceInfo source, VideoReadOptions options)
    {
        options.Limits.Check(name, source);
        if (!source.HasPlausibleFps || source.HeaderFrameCount <= 0)
            return;
        var seconds = source.HeaderFrameCount / source.HeaderFps;
        if (seconds > options.MaxDurationSeconds)
            VideoDuration.Refuse(name, seconds, options);
    }

    private IEnumerable<byte[]> Decode()
    {
        if (capture is null)
        {
            ffmpegReader = new FfmpegFrameReader(FfmpegCommand.Path!, path, Source, options, name);
            return ffmpegReader.Read(result => statistics = result);
        }
        var plan = ClipSegment.Plan(Source, options);
        if (plan.Count > 1)
            return new ParallelSegmentReader(OpenWorkerCapture, Source, options, name).Read(plan, result => statistics = result);
        return DecodeInOnePass();
    }

    private IEnumerable<byte[]> DecodeInOnePass()
    {
        using var decoder = new SegmentDecoder(capture!, Source, options, name);
        var tally = new SegmentTally();
        foreach (var frame in decoder.Decode(ClipSegment.Whole, tally))
            yield return frame;
        statistics = new ClipStatistics(tally.DecodedFrames, tally.SampledFrames, tally.VideoDurationSeconds!.Value);
    }

    /// <summary>Each worker keeps FFmpeg's own decode threads too: measured faster than one FFmpeg thread per worker.</summary>
    private VideoCapture OpenWorkerCapture() => OpenCapture(path, options.DecodeThreads);
}

/// <summary>
/// Keeps OpenCV's and FFmpeg's own console chatter (e.g. "moov atom not found" for a corrupt upload) out of
/// stderr: every failure already surfaces as an <see cref="InvalidVideoException"/> with a clear message.
/// Both libraries read these variables from the native environment on first use, so they are set through libc
/// (.NET's Environment.SetEnvironmentVariable does not reach native code on Linux). A value the user set wins.
/// </summary>
internal static partial class NativeVideoLogging
{
    static readonly Lazy<bool> Applied = new(() =>
    {
        SetDefault("OPENCV_LOG_LEVEL", "SILENT");
        SetDefault("OPENCV_FFMPEG_LOGLEVEL", "-8"); // AV_LOG_QUIET
        return true;
    });

    /// <summary>Call before the first capture or writer is opened; later calls do nothing.</summary>
    public static void EnsureQuiet() => _ = Applied.Value;

    static void SetDefault(string name, string value)
    {
        if (Environment.GetEnvironmentVariable(name) is null)
        {
            _ = SetEnv(name, value, overwrite: 0);
        }
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
