using ExerciseFunctions.Testing;
using OpenCvSharp;

namespace ExerciseFunctions.Pipeline.Tests.Fixtures;

/// <summary>Small real videos as upload content (mp4v): a rectangle moving over a seeded background.</summary>
internal static class TestClips
{
    public static byte[] Mp4(double seconds, int seed, double fps = 25, int width = 96, int height = 72)
    {
        var random = new Random(seed);
        var background = new Scalar(random.Next(256), random.Next(256), random.Next(256));
        var box = new Scalar(random.Next(256), random.Next(256), random.Next(256));
        var spec = new VideoSpec(width, height, fps, (int)Math.Round(seconds * fps))
        {
            Draw = (frame, i) =>
            {
                frame.SetTo(background);
                frame.Rectangle(new Rect(i * 3 % (width - 16), height / 3, 16, 16), box, -1);
            },
        };
        using var folder = new GeneratedVideoDirectory();
        return File.ReadAllBytes(folder.Write("clip.mp4", spec));
    }
}
