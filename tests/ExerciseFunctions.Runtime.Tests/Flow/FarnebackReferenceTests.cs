using System.Runtime.InteropServices;
using System.Text.Json;
using ExerciseFunctions.Runtime.Flow;
using OpenCvSharp;

namespace ExerciseFunctions.Runtime.Tests.Flow;

/// <summary>
/// Farneback flow against OpenCV in Python (tools/reference/farneback_reference.py) on a frame pair related by a
/// rotation, a zoom and a shift, so the flow varies across the frame: parameters, channel order, clipping and scaling
/// must all be the method's for the fields to agree.
/// </summary>
public sealed class FarnebackReferenceTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Flow", "Reference");
    private const int Size = 224;

    // OpenCV 4.6 (Python) and OpenCvSharp's 4.13 agreed within 6e-9 on this machine; a changed parameter moves ~1e-2.
    private const float Tolerance = 1e-4f;

    [Fact]
    public void Flow_equals_opencv_in_python_on_a_rotated_and_zoomed_pair()
    {
        var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "farneback.json"))).RootElement;
        var step = summary.GetProperty("gridStep").GetInt32();
        var grid = MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(Path.Combine(Folder, "farneback-grid.f32"))).ToArray();

        var flow = new OpticalFlowComputer(FlowAlgorithm.Farneback).Compute([Frame("frame0.png"), Frame("frame1.png")], previousFrame: null)[1];

        var cells = Size / step;
        Assert.Equal(cells * cells * 2, grid.Length);
        for (var row = 0; row < cells; row++)
        for (var column = 0; column < cells; column++)
        for (var component = 0; component < 2; component++)
        {
            var (x, y) = (step / 2 + column * step, step / 2 + row * step);
            var expected = grid[(row * cells + column) * 2 + component];
            var actual = flow[(y * Size + x) * 2 + component];
            Assert.True(Math.Abs(expected - actual) <= Tolerance, $"flow[{y}, {x}, {component}] = {actual}, OpenCV in Python {expected}");
        }
        Assert.Equal(summary.GetProperty("meanX").GetDouble(), Mean(flow, i => flow[2 * i]), Tolerance);
        Assert.Equal(summary.GetProperty("meanY").GetDouble(), Mean(flow, i => flow[2 * i + 1]), Tolerance);
        Assert.Equal(summary.GetProperty("meanMagnitude").GetDouble(), Mean(flow, i => Math.Sqrt((double)flow[2 * i] * flow[2 * i] + (double)flow[2 * i + 1] * flow[2 * i + 1])), Tolerance);
    }

    private static double Mean(float[] flow, Func<int, double> value) => Enumerable.Range(0, flow.Length / 2).Average(value);

    /// <summary>A grey PNG as the 224x224 RGB bytes the flow takes (equal channels stay the same grey).</summary>
    private static byte[] Frame(string fileName)
    {
        using var gray = Cv2.ImRead(Path.Combine(Folder, fileName), ImreadModes.Grayscale);
        using var rgb = gray.CvtColor(ColorConversionCodes.GRAY2RGB);
        Assert.Equal(new Size(Size, Size), rgb.Size());
        var bytes = new byte[Size * Size * 3];
        Marshal.Copy(rgb.Data, bytes, 0, bytes.Length);
        return bytes;
    }
}
