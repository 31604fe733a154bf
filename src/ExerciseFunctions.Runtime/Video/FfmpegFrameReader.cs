using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.IO.Pipes;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
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

/// <summary>
/// One run of the ffmpeg command that decodes a video's first video stream as stored (no auto-rotation), cuts out
/// a region of every frame and writes it to stdout as raw BGR, every decoded frame in display order, none dropped or
/// repeated. Each frame's timestamp comes from the showinfo filter on stderr, which ffmpeg logs before the frame
/// leaves it. Disposing kills the command; so does the stall timeout, when a read has waited that long for a frame
/// (time the consumer spends between reads does not count: ffmpeg then only waits on the full pipe).
/// </summary>
internal sealed partial class FfmpegFrameStream : IDisposable
{
    // Messages kept for an error report: the last few distinct warnings and errors ffmpeg logged.
    private const int KeptMessages = 8;

    // Linux's default pipe holds 64 KB: a 2.7 MB frame region would cost dozens of wake-ups on each side.
    private const int PipeBytes = 1 << 20;
    private const int SetPipeSize = 1031; // F_SETPIPE_SZ

    private readonly Process process;
    private readonly Stream frames;
    private readonly BlockingCollection<double> timestamps = new();
    private readonly ConcurrentQueue<string> messages = new();
    private readonly Timer watchdog;
    private readonly TimeSpan stallTimeout;
    private readonly string path;
    private readonly string name;
    private double secondsPerTick = double.NaN;
    private volatile bool stalled;

    private FfmpegFrameStream(ProcessStartInfo start, TimeSpan stallTimeout, string path, string name)
    {
        this.stallTimeout = stallTimeout;
        this.path = path;
        this.name = name;
        process = new Process { StartInfo = start };
        process.ErrorDataReceived += (_, line) => OnStderr(line.Data);
        process.Start();
        process.BeginErrorReadLine();
        frames = process.StandardOutput.BaseStream;
        if (frames is PipeStream pipe)
            _ = Fcntl(pipe.SafePipeHandle, SetPipeSize, PipeBytes); // best effort: a smaller pipe still works
        watchdog = new Timer(_ => Stall(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <param name="region">The stored pixels to pass on (even coordinates for 4:2:0 video).</param>
    /// <param name="decodeThreads">FFmpeg decode threads (0: its choice).</param>
    public static FfmpegFrameStream Start(string ffmpeg, string path, Rect region, int decodeThreads, TimeSpan stallTimeout, string name)
    {
        var start = new ProcessStartInfo(ffmpeg)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var fullPath = System.IO.Path.GetFullPath(path);
        foreach (var argument in Arguments(fullPath, region, decodeThreads))
            start.ArgumentList.Add(argument);
        return new FfmpegFrameStream(start, stallTimeout, fullPath, name);
    }

    private static IReadOnlyList<string> Arguments(string path, Rect region, int decodeThreads) =>
    [
        "-hide_banner", "-nostdin", "-nostats", "-loglevel", "level+info",
        .. decodeThreads > 0 ? new[] { "-threads", decodeThreads.ToString(CultureInfo.InvariantCulture) } : [],
        // Rotation stays with the crop (FramePreprocessor), as in the OpenCV reader; ffmpeg would rotate whole frames.
        // Local files only: a name with a colon, or a playlist posing as a video, must not reach another protocol.
        "-noautorotate", "-protocol_whitelist", "file", "-i", "file:" + path,
        "-map", "0:V:0", "-an", "-sn", "-dn",
        // BT.601 whatever the stream's tag says: OpenCV's conversion ignores the tag, and the frames must be its frames.
        "-vf", FormattableString.Invariant($"crop={region.Width}:{region.Height}:{region.X}:{region.Y}:exact=1,showinfo=checksum=0,scale=in_color_matrix=bt601"),
        "-fps_mode", "passthrough", "-pix_fmt", "bgr24", "-f", "rawvideo", "pipe:1",
    ];

    /// <summary>Reads the next frame's region into <paramref name="target"/> (continuous, of the region's size, 8-bit BGR).</summary>
    /// <returns>The frame's timestamp in seconds (NaN when it has none), or null at the end of the output.</returns>
    public unsafe double? ReadFrame(Mat target)
    {
        var pixels = new Span<byte>(target.DataPointer, checked((int)(target.Total() * target.ElemSize())));
        var filled = 0;
        watchdog.Change(stallTimeout, Timeout.InfiniteTimeSpan);
        while (filled < pixels.Length && frames.Read(pixels[filled..]) is var read and > 0)
            filled += read;
        watchdog.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        if (filled < pixels.Length)
            return null;
        if (!timestamps.TryTake(out var seconds, stallTimeout))
            throw new InvalidVideoException($"ffmpeg sent a frame of '{name}' without its timestamp.");
        return seconds;
    }

    /// <summary>Call once the output has ended.</summary>
    /// <exception cref="InvalidVideoException">The command failed or stalled.</exception>
    public void EnsureSucceeded()
    {
        if (!process.WaitForExit(stallTimeout))
            Stall();
        process.WaitForExit(); // also waits for the last stderr line
        if (stalled)
            throw new InvalidVideoException($"Decoding '{name}' stalled: nothing came from ffmpeg for {stallTimeout.TotalSeconds:0.#} s, so it was stopped.");
        if (process.ExitCode != 0)
            throw new InvalidVideoException($"'{name}' could not be decoded: ffmpeg exited with code {process.ExitCode}: {string.Join(" ", messages).Replace("file:" + path, name, StringComparison.Ordinal).Replace(path, name, StringComparison.Ordinal)}".TrimEnd(':', ' '));
    }

    public void Dispose()
    {
        watchdog.Dispose();
        Kill();
        process.Dispose();
    }

    private void Stall()
    {
        stalled = true;
        Kill();
    }

    private void Kill()
    {
        try
        {
            if (!process.HasExited)
                process.Kill();
            process.WaitForExit();
        }
        catch (InvalidOperationException)
        {
            // Not started, or already reaped.
        }
    }

    private void OnStderr(string? line)
    {
        if (line is null)
        {
            timestamps.CompleteAdding();
            return;
        }
        if (FrameLine().Match(line) is { Success: true } frame)
        {
            timestamps.Add(frame.Groups["pts"].Value == "NOPTS" ? double.NaN : long.Parse(frame.Groups["pts"].Value, CultureInfo.InvariantCulture) * secondsPerTick);
        }
        else if (TimeBaseLine().Match(line) is { Success: true } timeBase)
        {
            secondsPerTick = double.Parse(timeBase.Groups["num"].Value, CultureInfo.InvariantCulture) / double.Parse(timeBase.Groups["den"].Value, CultureInfo.InvariantCulture);
        }
        else if (ProblemLine().Match(line) is { Success: true } problem && problem.Groups["text"].Value.Trim() is var text && text != messages.LastOrDefault())
        {
            messages.Enqueue(text);
            while (messages.Count > KeptMessages)
                messages.TryDequeue(out _);
        }
    }

    [LibraryImport("libc", EntryPoint = "fcntl")]
    private static partial int Fcntl(SafeHandle descriptor, int command, int argument);

    // "[Parsed_showinfo_1 @ 0x55d0] [info] n:   3 pts:  1536 pts_time:0.125 ..."
    [GeneratedRegex(@"^\[Parsed_showinfo_\d+ @ [^\]]+\] \[info\] n:\s*\d+ pts:\s*(?<pts>-?\d+|NOPTS) ")]
    private static partial Regex FrameLine();

    // "[Parsed_showinfo_1 @ 0x55d0] [info] config in time_base: 1/12288, frame_rate: 48/1"
    [GeneratedRegex(@"^\[Parsed_showinfo_\d+ @ [^\]]+\] \[info\] config in time_base: (?<num>\d+)/(?<den>\d+),")]
    private static partial Regex TimeBaseLine();

    // "[hevc @ 0x55d0] [error] Invalid NAL unit size" or "[fatal] notes.mp4: Invalid data found when processing input"
    [GeneratedRegex(@"\[(?:warning|error|fatal|panic)\] (?<text>.*)$")]
    private static partial Regex ProblemLine();
}

/// <summary>The platform's ffmpeg command, found on the PATH once per process.</summary>
internal static class FfmpegCommand
{
    private static readonly Lazy<string?> Located = new(() => Locate("ffmpeg"));

    /// <summary>The full path of the ffmpeg executable, or null when none is on the PATH.</summary>
    public static string? Path => Located.Value;

    /// <summary>The decoder <paramref name="requested"/> resolves to here: never <see cref="VideoDecoder.Auto"/>.</summary>
    /// <exception cref="InvalidOperationException">The ffmpeg decoder was asked for and there is no ffmpeg command.</exception>
    public static VideoDecoder Resolve(VideoDecoder requested) => requested switch
    {
        VideoDecoder.Auto => Path is null ? VideoDecoder.OpenCv : VideoDecoder.Ffmpeg,
        VideoDecoder.Ffmpeg when Path is null => throw new InvalidOperationException(
            "The ffmpeg decoder was chosen, but no ffmpeg command is on the PATH (tools/setup.sh installs it; Debian: apt-get install ffmpeg)."),
        _ => requested,
    };

    private static string? Locate(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => System.IO.Path.Combine(folder, name))
            .FirstOrDefault(candidate => File.Exists(candidate) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(candidate) & UnixFileMode.UserExecute) != 0));
}
