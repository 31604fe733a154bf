using System.Runtime.InteropServices;

namespace ExerciseFunctions.Runtime.Video;

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
