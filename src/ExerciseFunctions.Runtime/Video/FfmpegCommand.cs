namespace ExerciseFunctions.Runtime.Video;

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
