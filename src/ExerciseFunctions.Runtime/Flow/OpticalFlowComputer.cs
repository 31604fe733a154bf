using System.Runtime.InteropServices;
using ExerciseFunctions.Runtime.Video;
using OpenCvSharp;

namespace ExerciseFunctions.Runtime.Flow;

/// <summary>Dense optical flow of 224x224 RGB frames, clipped to [-20, 20] and divided by 20.</summary>
/// <remarks>
/// Each entry depends only on its two frames, so a video computed in chunks (passing the frame before each chunk)
/// gives exactly the values computed in one go, and frame pairs run in parallel on all cores. OpenCV's own thread
/// pool runs a parallel region serially in the caller when it is already busy, so the two levels do not oversubscribe.
/// </remarks>
public sealed class OpticalFlowComputer(FlowAlgorithm algorithm)
{
    public const int Channels = 2;
    public const int FlowLength = FramePreprocessor.CropSize * FramePreprocessor.CropSize * Channels;

    /// <summary>Flow beyond this many pixels is clipped (the I3D flow stream's convention).</summary>
    public const float ClipPixels = 20f;

    public FlowAlgorithm Algorithm { get; } = algorithm;

    /// <summary>
    /// One float[224*224*2] (x then y, HWC) per frame: entry i is the flow from frame i-1 to frame i; entry 0 uses
    /// <paramref name="previousFrame"/> (the frame before this chunk), or is zero when the chunk starts the video.
    /// </summary>
    public IReadOnlyList<float[]> Compute(IReadOnlyList<byte[]> frames, byte[]? previousFrame)
    {
        var offset = previousFrame is null ? 0 : 1;
        var sources = previousFrame is null ? frames : [previousFrame, .. frames];
        for (var i = 0; i < sources.Count; i++)
            RequireFrameLength(sources[i], i - offset);
        var gray = new Mat[sources.Count];
        try
        {
            Parallel.For(0, sources.Count, i => gray[i] = ToGray(sources[i]));
            var flow = new float[frames.Count][];
            Parallel.For(0, frames.Count, i => flow[i] = i + offset == 0
                ? new float[FlowLength]
                : ComputePair(gray[i + offset - 1], gray[i + offset]));
            return flow;
        }
        finally
        {
            foreach (var mat in gray)
                mat?.Dispose();
        }
    }

    private float[] ComputePair(Mat previous, Mat next)
    {
        var flow = Algorithm switch
        {
            FlowAlgorithm.Farneback => Farneback(previous, next),
            FlowAlgorithm.TvL1 => TvL1OpticalFlow.Compute(previous, next, TvL1Parameters.Default),
            _ => throw new ArgumentOutOfRangeException(nameof(Algorithm), Algorithm, "Unknown optical flow algorithm."),
        };
        ClipAndScale(flow);
        return flow;
    }

    /// <summary>The reference work's parameters: pyramid scale 0.5, 3 levels, window 15, 3 iterations, poly 5 / 1.2.</summary>
    private static float[] Farneback(Mat previous, Mat next)
    {
        using var flowMat = new Mat();
        Cv2.CalcOpticalFlowFarneback(previous, next, flowMat, 0.5, 3, 15, 3, 5, 1.2, 0);
        var flow = new float[FlowLength];
        Marshal.Copy(flowMat.Data, flow, 0, FlowLength);
        return flow;
    }

    internal static void ClipAndScale(float[] flow)
    {
        for (var i = 0; i < flow.Length; i++)
            flow[i] = Math.Clamp(flow[i], -ClipPixels, ClipPixels) / ClipPixels;
    }

    private static void RequireFrameLength(byte[] rgb, int frameIndex)
    {
        if (rgb.Length != FramePreprocessor.FrameLength)
            throw new ArgumentException($"Frame {frameIndex} (-1: the previous frame) has {rgb.Length} bytes; expected {FramePreprocessor.FrameLength} (224x224x3 RGB).");
    }

    private static Mat ToGray(byte[] rgb)
    {
        using var color = Mat.FromPixelData(FramePreprocessor.CropSize, FramePreprocessor.CropSize, MatType.CV_8UC3, rgb);
        var gray = new Mat();
        Cv2.CvtColor(color, gray, ColorConversionCodes.RGB2GRAY);
        return gray;
    }
}

public enum FlowAlgorithm
{
    /// <summary>The reference work's setting: 0.5, 3, 15, 3, 5, 1.2, 0.</summary>
    Farneback,
    /// <summary>The paper's TV-L1.</summary>
    TvL1,
}

/// <summary>
/// Flow values (in [-1, 1] after clipping to ±20 px and dividing by 20) on an 8-bit grid, round(v * 127): the
/// precision of the JPEG flow images the I3D flow stream was trained on. The method rounds flow to this grid before
/// the network sees it, so flow stored in int8 work blobs and flow computed in-process are the same numbers.
/// </summary>
public static class FlowQuantisation
{
    public const float Scale = 127f;

    /// <summary>Largest change rounding makes: half a step.</summary>
    public const float ErrorBound = 0.5f / Scale;

    public static sbyte ToLevel(float value) => (sbyte)MathF.Round(Math.Clamp(value, -1f, 1f) * Scale);

    public static float ToValue(sbyte level) => level / Scale;

    /// <summary>Rounds every value of <paramref name="flow"/> to the grid, in place.</summary>
    public static void Round(float[] flow)
    {
        for (var i = 0; i < flow.Length; i++)
        {
            flow[i] = ToValue(ToLevel(flow[i]));
        }
    }
}
