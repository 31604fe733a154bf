using System.Diagnostics;
using System.Runtime.InteropServices;
using OpenCvSharp;

namespace ExerciseFunctions.Modelling.Synthesis;

/// <summary>How generated videos are encoded.</summary>
public enum VideoCodec
{
    /// <summary>MPEG-4 part 2, through OpenCV's bundled FFmpeg (needs nothing else).</summary>
    Mp4v,

    /// <summary>H.264 with B-frames and a one-second keyframe interval, as phones record; needs the ffmpeg command.</summary>
    H264,

    /// <summary>HEVC (H.265), what recent iPhones record; needs the ffmpeg command.</summary>
    Hevc,
}

/// <summary>
/// Writes BGR frames to a video file. OpenCV's bundled FFmpeg decodes H.264 and HEVC but encodes neither, so those
/// are piped as raw frames into the ffmpeg command (Debian's package, which tools/setup.sh installs).
/// Call <see cref="Finish"/> to complete the file; disposing without it abandons the file.
/// </summary>
public abstract class VideoFileWriter : IDisposable
{
    public static VideoFileWriter Open(string path, VideoCodec codec, double fps, Size frameSize) => codec switch
    {
        VideoCodec.Mp4v => Open(path, FourCC.FromString("mp4v"), fps, frameSize),
        _ => new FfmpegPipeWriter(path, codec, fps, frameSize),
    };

    /// <summary>A codec OpenCV's bundled FFmpeg can encode (mp4v, MJPG, FFV1, ...).</summary>
    public static VideoFileWriter Open(string path, FourCC fourCc, double fps, Size frameSize) => new OpenCvWriter(path, fourCc, fps, frameSize);

    public abstract void Write(Mat bgrFrame);

    /// <exception cref="IOException">The encoder failed.</exception>
    public abstract void Finish();

    public abstract void Dispose();

    private sealed class OpenCvWriter : VideoFileWriter
    {
        private readonly VideoWriter writer;

        public OpenCvWriter(string path, FourCC fourCc, double fps, Size frameSize)
        {
            writer = new VideoWriter(path, VideoCaptureAPIs.FFMPEG, fourCc, fps, frameSize, isColor: true);
            if (!writer.IsOpened())
            {
                writer.Dispose();
                throw new IOException($"Cannot open '{path}' for writing a {fourCc} video.");
            }
        }

        public override void Write(Mat bgrFrame) => writer.Write(bgrFrame);

        public override void Finish() => writer.Release();

        public override void Dispose() => writer.Dispose();
    }

    private sealed class FfmpegPipeWriter : VideoFileWriter
    {
        private readonly Process ffmpeg;
        private readonly Task<string> errors;
        private readonly byte[] buffer;
        private readonly string path;

        public FfmpegPipeWriter(string path, VideoCodec codec, double fps, Size frameSize)
        {
            this.path = path;
            buffer = new byte[frameSize.Width * frameSize.Height * 3];
            var start = new ProcessStartInfo("ffmpeg")
            {
                RedirectStandardInput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in Arguments(path, codec, fps, frameSize))
                start.ArgumentList.Add(argument);
            try
            {
                ffmpeg = Process.Start(start)!;
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                throw new IOException($"Encoding {codec} needs the ffmpeg command, which was not found (tools/setup.sh installs it; Debian: apt-get install ffmpeg).", e);
            }
            errors = ffmpeg.StandardError.ReadToEndAsync();
        }

        public override void Write(Mat bgrFrame)
        {
            if (bgrFrame.Type() != MatType.CV_8UC3 || bgrFrame.Total() * 3 != buffer.Length || !bgrFrame.IsContinuous())
                throw new ArgumentException($"Frames must be continuous 8-bit BGR of the size the writer was opened with.", nameof(bgrFrame));
            Marshal.Copy(bgrFrame.Data, buffer, 0, buffer.Length);
            ffmpeg.StandardInput.BaseStream.Write(buffer);
        }

        public override void Finish()
        {
            ffmpeg.StandardInput.Close();
            ffmpeg.WaitForExit();
            if (ffmpeg.ExitCode != 0)
                throw new IOException($"ffmpeg could not write '{path}' (exit code {ffmpeg.ExitCode}): {errors.Result.Trim()}");
        }

        public override void Dispose()
        {
            if (!ffmpeg.HasExited)
                ffmpeg.Kill();
            ffmpeg.Dispose();
        }

        /// <summary>Raw BGR frames on stdin; yuv420p output with phone-like settings (1-second GOP, B-frames).</summary>
        private static IEnumerable<string> Arguments(string path, VideoCodec codec, double fps, Size frameSize)
        {
            var rate = fps.ToString(System.Globalization.CultureInfo.InvariantCulture);
            string[] input = ["-hide_banner", "-loglevel", "error", "-y", "-f", "rawvideo", "-pix_fmt", "bgr24",
                "-s", $"{frameSize.Width}x{frameSize.Height}", "-r", rate, "-i", "-"];
            string[] encoder = codec switch
            {
                VideoCodec.H264 => ["-c:v", "libx264", "-preset", "veryfast", "-bf", "2"],
                VideoCodec.Hevc => ["-c:v", "libx265", "-preset", "veryfast", "-x265-params", "log-level=error", "-tag:v", "hvc1"],
                _ => throw new ArgumentOutOfRangeException(nameof(codec), codec, "Not encoded through ffmpeg."),
            };
            var keyframeInterval = Math.Max(1, (int)Math.Round(fps)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return [.. input, .. encoder, "-g", keyframeInterval, "-pix_fmt", "yuv420p", path];
        }
    }
}
