using ExerciseFunctions.Runtime.Video;
using OpenCvSharp;

namespace ExerciseFunctions.Runtime.Tests.Video;

public class FramePreprocessorTests
{
    /// <summary>Each pixel encodes its own position: B = x mod 256, G = y mod 256, R = 7.</summary>
    private static Mat CoordinateImage(int width, int height)
    {
        var image = new Mat(height, width, MatType.CV_8UC3);
        for (var y = 0; y < height; y++)
        for (var x = 0; x < width; x++)
            image.At<Vec3b>(y, x) = new Vec3b((byte)(x % 256), (byte)(y % 256), 7);
        return image;
    }

    private static (byte R, byte G, byte B) Pixel(byte[] frame, int x, int y)
    {
        var i = (y * FramePreprocessor.CropSize + x) * 3;
        return (frame[i], frame[i + 1], frame[i + 2]);
    }

    [Theory]
    [InlineData(512, 256, 144, 16)] // landscape, short side already 256: crop columns 144..367, rows 16..239
    [InlineData(256, 500, 16, 138)] // portrait
    public void Crop_is_centred_and_channels_come_out_RGB(int width, int height, int expectedLeft, int expectedTop)
    {
        using var image = CoordinateImage(width, height);
        using var preprocessor = new FramePreprocessor();

        var frame = preprocessor.Process(image, 0);

        Assert.Equal(FramePreprocessor.FrameLength, frame.Length);
        Assert.Equal(((byte)7, (byte)expectedTop, (byte)expectedLeft), Pixel(frame, 0, 0));
        Assert.Equal(((byte)7, (byte)((expectedTop + 223) % 256), (byte)((expectedLeft + 223) % 256)), Pixel(frame, 223, 223));
    }

    [Theory]
    [InlineData(1280, 720, 0)]
    [InlineData(720, 1280, 0)]
    [InlineData(1280, 720, 90)]
    [InlineData(1920, 1080, 270)]
    public void Scaling_keeps_the_aspect_ratio(int width, int height, int rotation)
    {
        // A 150x150 white square in the middle of a black stored frame must stay square after scaling (and rotation).
        using var image = new Mat(height, width, MatType.CV_8UC3, Scalar.Black);
        image.Rectangle(new Rect(width / 2 - 75, height / 2 - 75, 150, 150), Scalar.White, -1);
        using var preprocessor = new FramePreprocessor();

        var frame = preprocessor.Process(image, rotation);

        var (squareWidth, squareHeight) = BrightExtent(frame);
        var expectedSide = 150.0 * FramePreprocessor.ShortSide / Math.Min(width, height);
        Assert.InRange(squareWidth, expectedSide - 1.5, expectedSide + 1.5);
        Assert.InRange(squareHeight, expectedSide - 1.5, expectedSide + 1.5);
    }

    private static (int Width, int Height) BrightExtent(byte[] frame)
    {
        int minX = int.MaxValue, maxX = -1, minY = int.MaxValue, maxY = -1;
        for (var y = 0; y < FramePreprocessor.CropSize; y++)
        for (var x = 0; x < FramePreprocessor.CropSize; x++)
        {
            if (Pixel(frame, x, y).R < 128)
                continue;
            (minX, maxX, minY, maxY) = (Math.Min(minX, x), Math.Max(maxX, x), Math.Min(minY, y), Math.Max(maxY, y));
        }
        return (maxX - minX + 1, maxY - minY + 1);
    }

    [Theory]
    [InlineData(90, RotateFlags.Rotate90Counterclockwise)]
    [InlineData(180, RotateFlags.Rotate180)]
    [InlineData(270, RotateFlags.Rotate90Clockwise)]
    public void Rotating_the_crop_matches_rotating_the_whole_frame_first(int rotation, RotateFlags storeAs)
    {
        // 300x257 upright: odd margins on both axes, so a wrongly mirrored crop window would be off by one pixel.
        using var upright = SeededTexture(300, 257, seed: rotation);
        using var stored = new Mat();
        Cv2.Rotate(upright, stored, storeAs);
        using var preprocessor = new FramePreprocessor();

        var expected = preprocessor.Process(upright, 0);
        var actual = preprocessor.Process(stored, rotation);

        var maxDifference = expected.Zip(actual, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(maxDifference <= 2, $"Largest pixel difference {maxDifference}");
    }

    [Fact]
    public void Model_input_is_NTHWC_scaled_to_minus_one_to_one()
    {
        var first = new byte[FramePreprocessor.FrameLength];
        var second = Enumerable.Repeat((byte)255, FramePreprocessor.FrameLength).ToArray();
        first[1] = 255;

        var input = FramePreprocessor.ToModelInput([first, second]);

        Assert.Equal(2 * FramePreprocessor.FrameLength, input.Length);
        Assert.Equal(-1f, input[0]);
        Assert.Equal(1f, input[1]);
        Assert.Equal(1f, input[FramePreprocessor.FrameLength]);
        Assert.All(input, value => Assert.InRange(value, -1f, 1f));
    }

    [Fact]
    public void Model_input_rejects_frames_of_the_wrong_size()
    {
        var error = Assert.Throws<ArgumentException>(() => FramePreprocessor.ToModelInput([new byte[10]]));
        Assert.Contains("224x224x3", error.Message);
    }

    [Fact]
    public void Unsupported_rotations_are_refused()
    {
        using var image = new Mat(300, 300, MatType.CV_8UC3, Scalar.Black);
        using var preprocessor = new FramePreprocessor();
        Assert.Throws<ArgumentOutOfRangeException>(() => preprocessor.Process(image, 45));
    }

    /// <summary>A decoder may pass on only <see cref="FramePreprocessor.SourceRegion"/>: the rest of the frame does not change the result.</summary>
    [Theory]
    [InlineData(1920, 1080, 0)]
    [InlineData(1920, 1080, 90)]
    [InlineData(1920, 1080, 180)]
    [InlineData(1920, 1080, 270)]
    [InlineData(3840, 2160, 90)]
    [InlineData(1279, 719, 270)] // odd sizes
    [InlineData(512, 512, 0)]    // exactly half size
    [InlineData(320, 240, 90)]   // upscaled
    public void Only_the_source_region_is_read(int width, int height, int rotation)
    {
        using var frame = SeededTexture(width, height, seed: width + rotation);
        var region = FramePreprocessor.SourceRegion(width, height, rotation);
        using var regionOnly = new Mat(height, width, MatType.CV_8UC3, Scalar.All(0));
        using (var window = regionOnly[region])
            frame[region].CopyTo(window);
        using var preprocessor = new FramePreprocessor();

        var expected = preprocessor.Process(frame, rotation);
        var actual = preprocessor.Process(regionOnly, rotation);

        Assert.Equal(expected, actual);
        Assert.True(region.X % 2 == 0 && region.Y % 2 == 0, $"Region {region} starts at an odd coordinate.");
        Assert.True(region.Right % 2 == 0 || region.Right == width, $"Region {region} ends at an odd column inside the frame.");
        Assert.True(region.Bottom % 2 == 0 || region.Bottom == height, $"Region {region} ends at an odd row inside the frame.");
        Assert.True(region.Width * region.Height < width * height * 0.9, $"Region {region} is nearly the whole frame.");
    }

    /// <summary>Smooth seeded noise: every pixel differs, so any misplacement shows.</summary>
    internal static Mat SeededTexture(int width, int height, int seed)
    {
        var random = new Random(seed);
        var noise = new byte[width * height * 3];
        random.NextBytes(noise);
        using var raw = Mat.FromPixelData(height, width, MatType.CV_8UC3, noise);
        var texture = new Mat();
        Cv2.GaussianBlur(raw, texture, new Size(0, 0), 1.5);
        return texture;
    }
}
