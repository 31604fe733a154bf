using System.Numerics;
using OpenCvSharp;

namespace ExerciseFunctions.Modelling.Synthesis.Rendering;

public enum BackgroundStyle { Gradient, WallAndFloor, Noise }

/// <summary>Static backdrops: colour gradients, a wall meeting a floor seen through the clip's camera, or smooth coloured noise.</summary>
internal static class BackgroundPainter
{
    public static Mat Paint(Size size, BackgroundStyle style, PinholeCamera camera, Random random)
    {
        var backdrop = style switch
        {
            BackgroundStyle.Gradient => Stretched(size, 2, 2, random, InterpolationFlags.Linear),
            BackgroundStyle.WallAndFloor => WallAndFloor(size, camera, random),
            _ => Noise(size, random),
        };
        Mute(backdrop, random.Range(0.25, 0.7));
        return backdrop;
    }

    /// <summary>Rooms and gyms are painted in muted colours: keep only <paramref name="saturation"/> of the colour, the rest grey.</summary>
    static void Mute(Mat image, double saturation)
    {
        using var grey = image.CvtColor(ColorConversionCodes.BGR2GRAY).CvtColor(ColorConversionCodes.GRAY2BGR);
        Cv2.AddWeighted(image, saturation, grey, 1 - saturation, 0, image);
    }

    /// <summary>A tiny grid of random colours blown up to the frame: 2x2 is a gradient, larger grids are blotches.</summary>
    static Mat Stretched(Size size, int columns, int rows, Random random, InterpolationFlags interpolation)
    {
        using var grid = RandomImage.Create(new Size(columns, rows), random);
        var result = new Mat();
        Cv2.Resize(grid, result, size, 0, 0, interpolation);
        return result;
    }

    static Mat Noise(Size size, Random random)
    {
        var coarse = Stretched(size, random.Next(6, 24), random.Next(4, 14), random, InterpolationFlags.Cubic);
        var grain = random.Next(4, 12);
        using var fine = Stretched(size, size.Width / grain, size.Height / grain, random, InterpolationFlags.Linear);
        Cv2.AddWeighted(coarse, 0.75, fine, 0.25, 0, coarse);
        using var tint = Stretched(size, 1, 1, random, InterpolationFlags.Nearest);
        var share = random.Range(0.3, 0.8);
        Cv2.AddWeighted(coarse, share, tint, 1 - share, 0, coarse);
        return coarse;
    }

    /// <summary>The wall stands a few metres behind the figure; the floor (Y = 0) is filled up to where it meets the wall.</summary>
    static Mat WallAndFloor(Size size, PinholeCamera camera, Random random)
    {
        var wall = Stretched(size, 1, 2, random, InterpolationFlags.Linear);
        var behind = camera.Position + camera.GroundForward * random.Range(7f, 11f);
        var across = Vector3.Cross(camera.GroundForward, Vector3.UnitY);
        var left = camera.ToCamera(behind with { Y = 0 } - across * 20);
        var right = camera.ToCamera(behind with { Y = 0 } + across * 20);
        if (left.Z <= 0 || right.Z <= 0)
        {
            return wall;
        }
        var (a, b) = (camera.ProjectCamera(left), camera.ProjectCamera(right));
        int YAt(float x) => (int)Math.Clamp(a.Y + (b.Y - a.Y) * (x - a.X) / (b.X - a.X), -size.Height, 2 * size.Height);
        using var floor = Stretched(size, 2, 2, random, InterpolationFlags.Linear);
        using var mask = new Mat(size, MatType.CV_8UC1, Scalar.All(0));
        Cv2.FillConvexPoly(mask, [new Point(0, YAt(0)), new Point(size.Width, YAt(size.Width)), new Point(size.Width, size.Height), new Point(0, size.Height)],
            Scalar.All(255), LineTypes.AntiAlias);
        floor.CopyTo(wall, mask);
        return wall;
    }
}
