using ExerciseFunctions.Runtime.Flow;
using ExerciseFunctions.Runtime.Tests.Video;
using ExerciseFunctions.Runtime.Video;
using OpenCvSharp;

namespace ExerciseFunctions.Runtime.Tests.Flow;

public class OpticalFlowComputerTests
{
    private const int Size = FramePreprocessor.CropSize;
    private const int Margin = 40;

    /// <summary>
    /// 224x224 RGB views of one seeded grey texture, each shifted by (dx, dy) pixels from the one before:
    /// the content moves right by dx and down by dy per frame.
    /// </summary>
    private static List<byte[]> TranslatedFrames(int count, int dx, int dy, int seed = 1)
    {
        using var texture = FramePreprocessorTests.SeededTexture(Size + 2 * Margin + count * Math.Abs(dx), Size + 2 * Margin + count * Math.Abs(dy), seed);
        using var gray = texture.CvtColor(ColorConversionCodes.BGR2GRAY);
        using var rgb = gray.CvtColor(ColorConversionCodes.GRAY2RGB);
        var frames = new List<byte[]>();
        for (var i = 0; i < count; i++)
        {
            var x = dx >= 0 ? Margin + (count - i) * dx : Margin + i * -dx;
            var y = dy >= 0 ? Margin + (count - i) * dy : Margin + i * -dy;
            using var crop = rgb[new Rect(x, y, Size, Size)].Clone();
            crop.GetArray(out Vec3b[] pixels);
            frames.Add(pixels.SelectMany(p => new[] { p.Item0, p.Item1, p.Item2 }).ToArray());
        }
        return frames;
    }

    [Theory]
    [InlineData(FlowAlgorithm.Farneback, 3, -2)]
    [InlineData(FlowAlgorithm.Farneback, -1, 4)]
    [InlineData(FlowAlgorithm.TvL1, 3, -2)]
    [InlineData(FlowAlgorithm.TvL1, -1, 4)]
    public void Translation_is_recovered_within_half_a_pixel(FlowAlgorithm algorithm, int dx, int dy)
    {
        var frames = TranslatedFrames(2, dx, dy);

        var flow = new OpticalFlowComputer(algorithm).Compute(frames, previousFrame: null)[1];

        var (errorX, errorY) = MeanInteriorError(flow, dx, dy);
        Assert.True(errorX < 0.5 && errorY < 0.5, $"Mean interior error ({errorX:0.000}, {errorY:0.000}) px");
    }

    private static (double X, double Y) MeanInteriorError(float[] flow, int dx, int dy)
    {
        const int border = 24;
        double errorX = 0, errorY = 0;
        var count = 0;
        for (var y = border; y < Size - border; y++)
        for (var x = border; x < Size - border; x++, count++)
        {
            var i = 2 * (y * Size + x);
            errorX += Math.Abs(flow[i] * OpticalFlowComputer.ClipPixels - dx);
            errorY += Math.Abs(flow[i + 1] * OpticalFlowComputer.ClipPixels - dy);
        }
        return (errorX / count, errorY / count);
    }

    [Fact]
    public void Flow_is_divided_by_20_and_clipped_to_plus_minus_one()
    {
        var frames = TranslatedFrames(2, 8, 0);

        var flow = new OpticalFlowComputer(FlowAlgorithm.Farneback).Compute(frames, previousFrame: null)[1];

        Assert.All(flow, value => Assert.InRange(value, -1f, 1f));
        var centre = 2 * (112 * Size + 112);
        Assert.Equal(8 / 20.0, flow[centre], 0.03);
        Assert.Equal(0, flow[centre + 1], 0.03);
    }

    [Fact]
    public void Large_motion_is_clipped_at_20_pixels()
    {
        float[] flow = [-35f, 35f, 19f, -20.5f, 0f];
        OpticalFlowComputer.ClipAndScale(flow);
        Assert.Equal([-1f, 1f, 0.95f, -1f, 0f], flow);
    }

    [Theory]
    [InlineData(FlowAlgorithm.Farneback)]
    [InlineData(FlowAlgorithm.TvL1)]
    public void Computing_in_chunks_equals_computing_in_one_go(FlowAlgorithm algorithm)
    {
        var frames = TranslatedFrames(4, 2, 1, seed: 7);
        var computer = new OpticalFlowComputer(algorithm);

        var whole = computer.Compute(frames, previousFrame: null);
        var chunked = computer.Compute(frames[..2], previousFrame: null)
            .Concat(computer.Compute(frames[2..], previousFrame: frames[1]))
            .ToList();

        Assert.Equal(frames.Count, whole.Count);
        for (var i = 0; i < whole.Count; i++)
            Assert.True(whole[i].AsSpan().SequenceEqual(chunked[i]), $"Entry {i} differs");
    }

    [Fact]
    public void First_entry_is_zero_without_a_previous_frame()
    {
        var frames = TranslatedFrames(2, 2, 0);

        var flow = new OpticalFlowComputer(FlowAlgorithm.Farneback).Compute(frames, previousFrame: null);

        Assert.All(flow[0], value => Assert.Equal(0f, value));
        Assert.Equal(OpticalFlowComputer.FlowLength, flow[0].Length);
        Assert.Contains(flow[1], value => value != 0f);
    }

    [Fact]
    public void Frames_of_the_wrong_size_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new OpticalFlowComputer(FlowAlgorithm.Farneback).Compute([new byte[12]], null));
        Assert.Contains("224x224x3", error.Message);
    }
}
