using ExerciseFunctions.Modelling.Synthesis;
using ExerciseFunctions.Runtime.Video;
using OpenCvSharp;

namespace ExerciseFunctions.Testing;

/// <summary>
/// A video for <see cref="GeneratedVideos"/> to write. <see cref="Width"/> x <see cref="Height"/> is the upright
/// size a reader should see; with a <see cref="RotationDegrees"/> tag the file stores the frames rotated back
/// (landscape for a portrait video, like a phone) and tagged, so only a reader honouring the tag sees them upright.
/// </summary>
public sealed record VideoSpec(int Width, int Height, double Fps, int FrameCount)
{
    /// <summary>Clockwise display rotation tag: 0, 90, 180 or 270 (.mp4/.mov only).</summary>
    public int RotationDegrees { get; init; }

    /// <summary>H.264 or HEVC through the ffmpeg command; otherwise the file's extension picks an OpenCV codec.</summary>
    public VideoCodec? Codec { get; init; }

    /// <summary>Draws upright frame i (BGR, Width x Height); defaults to <see cref="GeneratedVideos.DrawPattern"/>.</summary>
    public Action<Mat, int> Draw { get; init; } = GeneratedVideos.DrawPattern;
}

/// <summary>
/// Writes real video files with known content: .mp4/.mov (mp4v, or H.264/HEVC by <see cref="VideoSpec.Codec"/>),
/// .avi (MJPG), .mkv (FFV1, lossless). The default pattern is four coloured quadrants (see the colour fields, BGR) and a
/// small grey square that moves right along the horizontal centre line by <see cref="SquareStepPixels"/> per frame.
/// </summary>
public static class GeneratedVideos
{
    public static readonly Scalar TopLeft = new(0, 0, 255);        // red
    public static readonly Scalar TopRight = new(0, 255, 0);       // green
    public static readonly Scalar BottomLeft = new(255, 0, 0);     // blue
    public static readonly Scalar BottomRight = new(255, 255, 255); // white
    public const int SquareStepPixels = 4;

    /// <summary>
    /// A small training set's scene for 64x48 frames: class <paramref name="classIndex"/> is a square of its own colour
    /// moving in its own direction over a grey backdrop; <paramref name="id"/> varies the backdrop and the start.
    /// </summary>
    public static Action<Mat, int> MovingSquare(int classIndex, int id = 0) => (frame, index) =>
    {
        frame.SetTo(new Scalar(60 + 20 * id, 60, 60));
        var angle = classIndex * Math.PI / 3;
        var (x, y) = (20 + 2 * index * Math.Cos(angle), 16 + 1.5 * index * Math.Sin(angle));
        frame.Rectangle(new Rect((int)x + 2 * id, (int)y, 12, 12), new Scalar(40 * classIndex, 255 - 40 * classIndex, 128), -1);
    };

    /// <summary>Writes <paramref name="spec"/> to <paramref name="path"/> (<see cref="VideoSpec.Codec"/> or the extension picks the codec) and returns the path.</summary>
    public static string Write(string path, VideoSpec spec)
    {
        var upright = new Size(spec.Width, spec.Height);
        var stored = FramePreprocessor.UprightSize(spec.Width, spec.Height, spec.RotationDegrees);
        using (var writer = spec.Codec is { } codec
            ? VideoFileWriter.Open(path, codec, spec.Fps, stored)
            : VideoFileWriter.Open(path, FourCcFor(path), spec.Fps, stored))
        {
            using var frame = new Mat(upright, MatType.CV_8UC3);
            using var storedFrame = new Mat();
            for (var i = 0; i < spec.FrameCount; i++)
            {
                spec.Draw(frame, i);
                writer.Write(StoreRotated(frame, storedFrame, spec.RotationDegrees));
            }
            writer.Finish();
        }
        if (spec.RotationDegrees != 0)
            Mp4RotationTag.Set(path, spec.RotationDegrees);
        return path;
    }

    /// <summary>The default pattern, frame <paramref name="index"/>.</summary>
    public static void DrawPattern(Mat frame, int index)
    {
        var (w, h) = (frame.Width, frame.Height);
        frame.Rectangle(new Rect(0, 0, w / 2, h / 2), TopLeft, -1);
        frame.Rectangle(new Rect(w / 2, 0, w - w / 2, h / 2), TopRight, -1);
        frame.Rectangle(new Rect(0, h / 2, w / 2, h - h / 2), BottomLeft, -1);
        frame.Rectangle(new Rect(w / 2, h / 2, w - w / 2, h - h / 2), BottomRight, -1);
        var side = Math.Max(4, Math.Min(w, h) / 10);
        var x = index * SquareStepPixels % Math.Max(1, w - side);
        frame.Rectangle(new Rect(x, (h - side) / 2, side, side), new Scalar(128, 128, 128), -1);
    }

    private static FourCC FourCcFor(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".mp4" or ".mov" => FourCC.FromString("mp4v"),
        ".avi" => FourCC.FromString("MJPG"),
        ".mkv" => FourCC.FromString("FFV1"),
        var other => throw new ArgumentException($"No codec chosen for '{other}' files.", nameof(path)),
    };

    /// <summary>The frame as a camera would store it: rotated against the display rotation.</summary>
    private static Mat StoreRotated(Mat upright, Mat stored, int rotationDegrees)
    {
        RotateFlags? undo = rotationDegrees switch
        {
            0 => null,
            90 => RotateFlags.Rotate90Counterclockwise,
            180 => RotateFlags.Rotate180,
            270 => RotateFlags.Rotate90Clockwise,
            _ => throw new ArgumentOutOfRangeException(nameof(rotationDegrees), rotationDegrees, "Rotation must be 0, 90, 180 or 270 degrees."),
        };
        if (undo is not { } flags)
            return upright;
        Cv2.Rotate(upright, stored, flags);
        return stored;
    }
}

/// <summary>A temporary folder for generated videos, deleted on dispose.</summary>
public sealed class GeneratedVideoDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("exercise-videos-").FullName;

    /// <summary>Writes <paramref name="spec"/> as <paramref name="fileName"/> in this folder and returns its path.</summary>
    public string Write(string fileName, VideoSpec spec) => GeneratedVideos.Write(System.IO.Path.Combine(Path, fileName), spec);

    /// <summary>A path in this folder for a file the test writes itself.</summary>
    public string File(string fileName) => System.IO.Path.Combine(Path, fileName);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
