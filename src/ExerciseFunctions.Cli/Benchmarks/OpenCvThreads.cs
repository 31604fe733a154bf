using OpenCvSharp;

namespace ExerciseFunctions.Cli.Benchmarks;

/// <summary>Runs a baseline with OpenCV's own parallel loops confined to one thread, then restores the setting.</summary>
internal static class OpenCvThreads
{
    public static void One(Action action)
    {
        var threads = Cv2.GetNumThreads();
        Cv2.SetNumThreads(1);
        try
        {
            action();
        }
        finally
        {
            Cv2.SetNumThreads(threads);
        }
    }
}
