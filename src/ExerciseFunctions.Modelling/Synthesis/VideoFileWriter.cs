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
        private readonly VideoWriter _writer;

        public OpenCvWriter(string path, FourCC fourCc, double fps, Size frameSize)
        {
            _writer = new VideoWriter(path, VideoCaptureAPIs.FFMPEG, fourCc, fps, frameSize, isColor: true);
            if (!_writer.IsOpened())
            {
                _writer.Dispose();
                throw new IOException($"Cannot open '{path}' for writing a {fourCc} video.");
            }
        }

        public override void Write(Mat bgrFrame) => _writer.Write(bgrFrame);

        public override void Finish() => _writer.Release();

        public override void Dispose() => _writer.Dispose();
    }

    private sealed class FfmpegPipeWriter : VideoFileWriter
    {
        private readonly Process _ffmpeg;
        private readonly Task<string> _errors;
        private readonly byte[] _buffer;
        private readonly string _path;

        public FfmpegPipeWriter(string path, VideoCodec codec, double fps, Size frameSize)
        {
            _path = path;
            _buffer = new byte[frameSize.Width * frameSize.Height * 3];
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
                _ffmpeg = Process.Start(start)!;
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                throw new IOException($"Encoding {codec} needs the ffmpeg command, which was not found (tools/setup.sh installs it; Debian: apt-get install ffmpeg).", e);
            }
            _errors = _ffmpeg.StandardError.ReadToEndAsync();
        }

        public override void Write(Mat bgrFrame)
        {
            if (bgrFrame.Type() != MatType.CV_8UC3 || bgrFrame.Total() * 3 != _buffer.Length || !bgrFrame.IsContinuous())
                throw new ArgumentException($"Frames must be continuous 8-bit BGR of the size the writer was opened with.", nameof(bgrFrame));
            Marshal.Copy(bgrFrame.Data, _buffer, 0, _buffer.Length);
            _ffmpeg.StandardInput.BaseStream.Write(_buffer);
        }

        public override void Finish()
        {
            _ffmpeg.StandardInput.Close();
            _ffmpeg.WaitForExit();
            if (_ffmpeg.ExitCode != 0)
                throw new IOException($"ffmpeg could not write '{_path}' (exit code {_ffmpeg.ExitCode}): {_errors.Result.Trim()}");
        }

        public override void Dispose()
        {
            if (!_ffmpeg.HasExited)
                _ffmpeg.Kill();
            _ffmpeg.Dispose();
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
