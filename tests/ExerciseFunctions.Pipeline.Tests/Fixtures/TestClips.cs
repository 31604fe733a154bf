using OpenCvSharp;

namespace ExerciseFunctions.Pipeline.Tests.Fixtures;

/// <summary>Small real videos (OpenCV VideoWriter, mp4v): a rectangle moving over a seeded background.</summary>
internal static class TestClips
{
    public static byte[] Mp4(double seconds, int seed, double fps = 25, int width = 96, int height = 72)
    {
        var path = Path.Combine(Path.GetTempPath(), $"exercise-clip-{Guid.NewGuid():N}.mp4");
        try
        {
            var random = new Random(seed);
            var background = new Scalar(random.Next(256), random.Next(256), random.Next(256));
            var box = new Scalar(random.Next(256), random.Next(256), random.Next(256));
            using (var writer = new VideoWriter(path, FourCC.FromString("mp4v"), fps, new Size(width, height)))
            {
                using var frame = new Mat(new Size(width, height), MatType.CV_8UC3);
                var frames = (int)Math.Round(seconds * fps);
                for (var i = 0; i < frames; i++)
                {
                    frame.SetTo(background);
                    frame.Rectangle(new Rect(i * 3 % (width - 16), height / 3, 16, 16), box, -1);
                    writer.Write(frame);
                }
            }
            return File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
