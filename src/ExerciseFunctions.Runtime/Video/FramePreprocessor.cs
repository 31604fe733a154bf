using System.Runtime.InteropServices;
using OpenCvSharp;

namespace ExerciseFunctions.Runtime.Video;

/// <summary>
/// Turns one decoded BGR frame into the network's view of it: upright, short side 256 (bilinear), centre crop
/// 224x224, RGB (or left BGR, <see cref="ChannelOrder.Bgr"/>), byte[224*224*3] (HWC). Reuses its buffers, so one
/// instance serves one thread.
/// </summary>
/// <remarks>
/// The frame is resized and cropped as stored and only the 224x224 crop is rotated: far cheaper than rotating a
/// full 1080p frame. The crop window is placed in upright coordinates and mapped back to the stored frame, so the
/// result covers exactly the pixels a rotate-first pipeline would (tests compare both).
/// </remarks>
public sealed class FramePreprocessor(ChannelOrder channelOrder = ChannelOrder.Rgb) : IDisposable
{
    public const int ShortSide = 256;
    public const int CropSize = 224;
    public const int Channels = 3;
    public const int FrameLength = CropSize * CropSize * Channels;

    private readonly Mat resized = new();
    private readonly Mat rotated = new();
    private readonly Mat output = new();

    /// <param name="storedBgr">The frame as decoded (not rotated), 8-bit BGR.</param>
    /// <param name="rotationDegrees">Clockwise display rotation from the container: 0, 90, 180 or 270.</param>
    public byte[] Process(Mat storedBgr, int rotationDegrees)
    {
        var rotateCode = RotateCodeFor(rotationDegrees);
        var scale = (double)ShortSide / Math.Min(storedBgr.Width, storedBgr.Height);
        var resizedSize = new Size(ScaledLength(storedBgr.Width, scale), ScaledLength(storedBgr.Height, scale));
        Cv2.Resize(storedBgr, resized, resizedSize, 0, 0, InterpolationFlags.Linear);

        using var crop = resized[StoredCropWindow(resizedSize, rotationDegrees)];
        var upright = crop;
        if (rotateCode is { } code)
        {
            Cv2.Rotate(crop, rotated, code);
            upright = rotated;
        }
        if (channelOrder == ChannelOrder.Bgr)
        {
            // Into a buffer of its own: the crop is a view with the resized frame's row stride.
            upright.CopyTo(output);
        }
        else
        {
            Cv2.CvtColor(upright, output, ColorConversionCodes.BGR2RGB);
        }
        return CopyPixels(output);
    }

    /// <summary>
    /// The RGB stream's model input: frames stacked as NTHWC (N = 1) and scaled from [0, 255] to [-1, 1].
    /// </summary>
    public static float[] ToModelInput(IReadOnlyList<byte[]> frames)
    {
        var input = new float[frames.Count * FrameLength];
        for (var t = 0; t < frames.Count; t++)
        {
            var frame = frames[t];
            if (frame.Length != FrameLength)
                throw new ArgumentException($"Frame {t} has {frame.Length} bytes; expected {FrameLength} (224x224x3).", nameof(frames));
            var target = input.AsSpan(t * FrameLength, FrameLength);
            for (var i = 0; i < frame.Length; i++)
                target[i] = frame[i] / 127.5f - 1f;
        }
        return input;
    }

    /// <summary>Size of a frame once the display rotation is applied.</summary>
    public static Size UprightSize(int storedWidth, int storedHeight, int rotationDegrees) =>
        rotationDegrees is 90 or 270 ? new Size(storedHeight, storedWidth) : new Size(storedWidth, storedHeight);

    /// <summary>
    /// The stored pixels <see cref="Process"/> reads to make its crop (the bilinear taps, with a margin), at even
    /// coordinates so that 4:2:0 frames can be cut there: a decoder need only convert and pass on this region, the
    /// rest of the frame it is given may hold anything. Start and end are even (as far as the frame's size allows).
    /// </summary>
    public static Rect SourceRegion(int storedWidth, int storedHeight, int rotationDegrees)
    {
        var scale = (double)ShortSide / Math.Min(storedWidth, storedHeight);
        var resized = new Size(ScaledLength(storedWidth, scale), ScaledLength(storedHeight, scale));
        var crop = StoredCropWindow(resized, rotationDegrees);
        var (left, right) = SourceSpan(crop.X, crop.Width, storedWidth, resized.Width);
        var (top, bottom) = SourceSpan(crop.Y, crop.Height, storedHeight, resized.Height);
        return new Rect(left, top, right - left, bottom - top);
    }

    public void Dispose()
    {
        resized.Dispose();
        rotated.Dispose();
        output.Dispose();
    }

    private static int ScaledLength(int length, double scale) => Math.Max(CropSize, (int)Math.Round(length * scale));

    /// <summary>
    /// Source pixels [start, end) that a bilinear resize from <paramref name="source"/> to <paramref name="resized"/>
    /// pixels reads for resized pixels [first, first + length): two taps around (x + 0.5) * step - 0.5, as cv::resize maps them.
    /// </summary>
    private static (int Start, int End) SourceSpan(int first, int length, int source, int resized)
    {
        const int margin = 4;
        var step = (double)source / resized;
        var start = (int)Math.Floor((first + 0.5) * step - 0.5) - margin;
        var end = (int)Math.Floor((first + length - 0.5) * step - 0.5) + 2 + margin;
        // Even ends too: for an odd width or height swscale leaves its SIMD path (measured: a 951x951 region of a
        // 1080p HEVC frame cost ffmpeg 4.0 CPU-s per 150 frames, 952x952 3.0, decoding alone 3.0).
        return (Math.Max(0, start & ~1), Math.Min(source, (end + 1) & ~1));
    }

    /// <summary>The centre crop, placed in upright coordinates and mapped back into the stored frame.</summary>
    private static Rect StoredCropWindow(Size stored, int rotationDegrees)
    {
        var upright = UprightSize(stored.Width, stored.Height, rotationDegrees);
        var left = (upright.Width - CropSize) / 2;
        var top = (upright.Height - CropSize) / 2;
        var right = upright.Width - CropSize - left;
        var bottom = upright.Height - CropSize - top;
        // Where the upright crop's left/top margins land in the stored frame for each clockwise rotation.
        var (x, y) = rotationDegrees switch
        {
            90 => (top, right),
            180 => (right, bottom),
            270 => (bottom, left),
            _ => (left, top),
        };
        return new Rect(x, y, CropSize, CropSize);
    }

    private static RotateFlags? RotateCodeFor(int rotationDegrees) => rotationDegrees switch
    {
        0 => null,
        90 => RotateFlags.Rotate90Clockwise,
        180 => RotateFlags.Rotate180,
        270 => RotateFlags.Rotate90Counterclockwise,
        _ => throw new ArgumentOutOfRangeException(nameof(rotationDegrees), rotationDegrees, "Rotation must be 0, 90, 180 or 270 degrees."),
    };

    private static byte[] CopyPixels(Mat frame)
    {
        var pixels = new byte[FrameLength];
        Marshal.Copy(frame.Data, pixels, 0, FrameLength);
        return pixels;
    }
}
