using ExerciseFunctions.Modelling.Synthesis;
using ExerciseFunctions.Cli.Commands.Pipeline;
using ExerciseFunctions.Runtime.Video;

namespace ExerciseFunctions.Cli.Benchmarks;

/// <summary>
/// Generated exercise videos of the sizes and lengths the benchmark asks for, in a temporary folder: by default H.264
/// with B-frames and a keyframe every second, as phones record (encoded through the ffmpeg command).
/// </summary>
internal sealed class BenchInputs : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("exercise-bench-").FullName;
    private int count;

    /// <summary>A generated clip under a name no other input has (uploads of one name would replace each other).</summary>
    public BenchInput Clip(int width, int height, bool portrait, double seconds, string className = "bw-squat_correct", VideoCodec codec = VideoCodec.H264)
    {
        var index = count++;
        var generated = SampleVideo.Write(Path.Combine(folder, $"{index}"), width, height, portrait, seconds, className, codec);
        var path = Path.Combine(folder, $"{index}-{Path.GetFileName(generated)}");
        File.Move(generated, path);
        var orientation = portrait ? "portrait, rotation-tagged" : "landscape";
        var codecName = codec switch { VideoCodec.Mp4v => "MPEG-4 part 2", VideoCodec.H264 => "H.264", _ => "HEVC" };
        return new BenchInput($"{Math.Min(width, height)}p {codecName} {orientation}, {seconds:F0} s", path);
    }

    /// <summary>
    /// <paramref name="input"/> played over and over up to <paramref name="seconds"/>, without re-encoding (ffmpeg
    /// -stream_loop -c copy; the rotation tag is kept): a long clip in a moment rather than minutes of rendering.
    /// </summary>
    public BenchInput Looped(BenchInput input, double seconds)
    {
        var path = Path.Combine(folder, $"{count++}-looped{Path.GetExtension(input.Path)}");
        var loops = (int)Math.Ceiling(seconds / Probe.DurationSeconds(input.Path)) - 1;
        Probe.Run("ffmpeg", ["-v", "error", "-y", "-stream_loop", $"{loops}", "-i", input.Path, "-c", "copy", "-t", $"{seconds}", path]);
        return new BenchInput($"{input.Description[..input.Description.LastIndexOf(',')]}, {seconds:F0} s", path);
    }

    /// <summary>
    /// <paramref name="input"/> (a portrait clip, stored landscape with a 90° tag) encoded again in HEVC as a phone
    /// stores it: temporal noise like a sensor's, at <paramref name="megabitsPerSecond"/>, the same tag. The rendered
    /// scenes compress to about 0.2 Mb/s, which decodes several times faster than what phones upload (10-20 Mb/s at
    /// 1080p, 40-50 at 4K).
    /// </summary>
    public BenchInput AtPhoneBitrate(BenchInput input, int megabitsPerSecond)
    {
        var path = Path.Combine(folder, $"{count++}-phone.mp4");
        Probe.Run("ffmpeg", ["-v", "error", "-y", "-noautorotate", "-i", input.Path, "-vf", "noise=alls=14:allf=t",
            "-c:v", "libx265", "-preset", "veryfast", "-x265-params", "log-level=error", "-b:v", $"{megabitsPerSecond}M", "-g", "30", "-tag:v", "hvc1", path]);
        Mp4RotationTag.Set(path, 90);
        var duration = input.Description.LastIndexOf(',');
        return new BenchInput($"{input.Description[..duration]}, {megabitsPerSecond} Mb/s{input.Description[duration..]}", path);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
