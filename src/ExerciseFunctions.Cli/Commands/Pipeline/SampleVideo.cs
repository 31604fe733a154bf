using OpenCvSharp;

namespace ExerciseFunctions.Cli.Commands.Pipeline;

/// <summary>A generated stand-in for a real upload: a figure that squats up and down, written as mp4v .mp4.</summary>
internal static class SampleVideo
{
    public static string Write(string path, double seconds, double fps = 25)
    {
        var size = new Size(320, 240);
        using var writer = new VideoWriter(path, FourCC.FromString("mp4v"), fps, size);
        if (!writer.IsOpened())
        {
            throw new InvalidOperationException($"OpenCV cannot write {path}");
        }
        using var frame = new Mat(size, MatType.CV_8UC3);
        for (var i = 0; i < (int)(seconds * fps); i++)
        {
            var depth = (int)(40 * (1 - Math.Cos(2 * Math.PI * i / (2 * fps)))); // one squat every two seconds
            frame.SetTo(new Scalar(60, 90, 40));
            frame.Circle(new Point(160, 50 + depth), 18, new Scalar(180, 200, 230), -1);
            frame.Rectangle(new Rect(140, 70 + depth, 40, 80 - depth / 2), new Scalar(200, 60, 60), -1);
            frame.Rectangle(new Rect(135, 150 + depth / 2, 50, 70 - depth / 2), new Scalar(40, 40, 160), -1);
            writer.Write(frame);
        }
        return path;
    }
}
