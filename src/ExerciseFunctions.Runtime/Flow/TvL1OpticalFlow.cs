using System.Runtime.InteropServices;
using OpenCvSharp;

namespace ExerciseFunctions.Runtime.Flow;

/// <summary>TV-L1 settings; the defaults are OpenCV's <c>DualTVL1OpticalFlow</c> defaults.</summary>
public sealed record TvL1Parameters
{
    public static TvL1Parameters Default { get; } = new();

    /// <summary>Time step of the dual (numerical stability needs tau &lt;= 0.25).</summary>
    public float Tau { get; init; } = 0.25f;
    /// <summary>Weight of the data term: smaller gives smoother flow.</summary>
    public float Lambda { get; init; } = 0.15f;
    /// <summary>Coupling between the flow and its data-term copy.</summary>
    public float Theta { get; init; } = 0.3f;
    public int Scales { get; init; } = 5;
    public int Warps { get; init; } = 5;
    /// <summary>Stop iterating once the mean squared flow update is below epsilon squared.</summary>
    public float Epsilon { get; init; } = 0.01f;
    public int InnerIterations { get; init; } = 30;
    public int OuterIterations { get; init; } = 10;
    public double ScaleStep { get; init; } = 0.8;
    /// <summary>Median filter of the flow before each outer iteration (Wedel et al.); 1 turns it off. 3 or 5.</summary>
    public int MedianFilterSize { get; init; } = 5;
}

/// <summary>
/// Duality-based TV-L1 optical flow (Zach, Pock and Bischof 2007) with the improvements of Wedel et al. (2009):
/// coarse-to-fine image pyramid, repeated warping, median filtering of the flow. Written here because the only
/// OpenCvSharp wrapper of OpenCV's TV-L1 crashes the process; it follows OpenCV's formulation and defaults.
/// Single-threaded per pair: callers parallelise across frame pairs.
/// </summary>
public static class TvL1OpticalFlow
{
    /// <summary>Smallest pyramid level side; coarser levels are dropped.</summary>
    private const int MinimumLevelSide = 16;

    /// <summary>Flow from <paramref name="previous"/> to <paramref name="next"/> (8-bit grayscale, same size), x then y interleaved.</summary>
    public static float[] Compute(Mat previous, Mat next, TvL1Parameters parameters)
    {
        var pyramid0 = BuildPyramid(previous, parameters);
        var pyramid1 = BuildPyramid(next, parameters);
        var coarsest = pyramid0[^1];
        var u1 = new Plane(coarsest.Width, coarsest.Height);
        var u2 = new Plane(coarsest.Width, coarsest.Height);
        for (var level = pyramid0.Count - 1; level >= 0; level--)
        {
            if (level < pyramid0.Count - 1)
            {
                var size = pyramid0[level];
                (u1, u2) = (u1.Upsample(size.Width, size.Height, (float)size.Width / u1.Width),
                            u2.Upsample(size.Width, size.Height, (float)size.Height / u2.Height));
            }
            new LevelSolver(pyramid0[level], pyramid1[level], parameters).Solve(u1, u2);
        }
        return Interleave(u1, u2);
    }

    private static float[] Interleave(Plane u1, Plane u2)
    {
        var flow = new float[u1.Data.Length * 2];
        for (var i = 0; i < u1.Data.Length; i++)
        {
            flow[2 * i] = u1.Data[i];
            flow[2 * i + 1] = u2.Data[i];
        }
        return flow;
    }

    /// <summary>Float images from fine to coarse; each level is smoothed before downscaling to limit aliasing.</summary>
    private static List<Plane> BuildPyramid(Mat gray, TvL1Parameters parameters)
    {
        using var current = new Mat();
        gray.ConvertTo(current, MatType.CV_32FC1);
        var levels = new List<Plane> { Plane.FromMat(current) };
        var sigma = 0.6 * Math.Sqrt(1 / (parameters.ScaleStep * parameters.ScaleStep) - 1);
        using var smoothed = new Mat();
        for (var level = 1; level < parameters.Scales; level++)
        {
            var width = (int)Math.Round(current.Width * parameters.ScaleStep);
            var height = (int)Math.Round(current.Height * parameters.ScaleStep);
            if (width < MinimumLevelSide || height < MinimumLevelSide)
                break;
            Cv2.GaussianBlur(current, smoothed, new Size(0, 0), sigma);
            Cv2.Resize(smoothed, current, new Size(width, height), 0, 0, InterpolationFlags.Linear);
            levels.Add(Plane.FromMat(current));
        }
        return levels;
    }

    /// <summary>A single-channel float image, row-major.</summary>
    private sealed class Plane(int width, int height, float[]? data = null)
    {
        public int Width { get; } = width;
        public int Height { get; } = height;
        public float[] Data { get; } = data ?? new float[width * height];

        public static Plane FromMat(Mat mat)
        {
            var plane = new Plane(mat.Width, mat.Height);
            Marshal.Copy(mat.Data, plane.Data, 0, plane.Data.Length);
            return plane;
        }

        public Mat ToMat()
        {
            var mat = new Mat(Height, Width, MatType.CV_32FC1);
            Marshal.Copy(Data, 0, mat.Data, Data.Length);
            return mat;
        }

        /// <summary>Bilinear resize of a flow component, scaled by the change of resolution along it.</summary>
        public Plane Upsample(int width, int height, float factor)
        {
            using var source = ToMat();
            using var resized = new Mat();
            Cv2.Resize(source, resized, new Size(width, height), 0, 0, InterpolationFlags.Linear);
            var plane = FromMat(resized);
            for (var i = 0; i < plane.Data.Length; i++)
                plane.Data[i] *= factor;
            return plane;
        }

        public void MedianFilter(int size)
        {
            using var mat = ToMat();
            Cv2.MedianBlur(mat, mat, size);
            Marshal.Copy(mat.Data, Data, 0, Data.Length);
        }
    }

    /// <summary>The TV-L1 iterations at one pyramid level (the flow is refined in place).</summary>
    private sealed class LevelSolver
    {
        private readonly TvL1Parameters p;
        private readonly int width, height;
        private readonly float[] i0;
        private readonly float[] i1, i1x, i1y;
        private readonly float[] warped, warpedX, warpedY, gradSquared, rhoConstant;
        private readonly float[] p11, p12, p21, p22;

        public LevelSolver(Plane i0, Plane i1, TvL1Parameters parameters)
        {
            p = parameters;
            (width, height) = (i0.Width, i0.Height);
            var n = width * height;
            this.i0 = i0.Data;
            this.i1 = i1.Data;
            (i1x, i1y) = (new float[n], new float[n]);
            CentredGradient(this.i1, i1x, i1y);
            (warped, warpedX, warpedY, gradSquared, rhoConstant) = (new float[n], new float[n], new float[n], new float[n], new float[n]);
            (p11, p12, p21, p22) = (new float[n], new float[n], new float[n], new float[n]);
        }

        public void Solve(Plane u1, Plane u2)
        {
            var stopError = p.Epsilon * p.Epsilon * width * height;
            for (var warp = 0; warp < p.Warps; warp++)
            {
                Warp(u1.Data, u2.Data);
                var error = float.MaxValue;
                for (var outer = 0; error > stopError && outer < p.OuterIterations; outer++)
                {
                    if (p.MedianFilterSize > 1)
                    {
                        u1.MedianFilter(p.MedianFilterSize);
                        u2.MedianFilter(p.MedianFilterSize);
                    }
                    for (var inner = 0; error > stopError && inner < p.InnerIterations; inner++)
                    {
                        error = UpdateFlow(u1.Data, u2.Data);
                        UpdateDual(u1.Data, u2.Data);
                    }
                }
            }
        }

        /// <summary>I1 and its gradient sampled at x + u (bilinear, borders clamped), and the linearised data term.</summary>
        private void Warp(float[] u1, float[] u2)
        {
            for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                var i = y * width + x;
                var sx = Math.Clamp(x + u1[i], 0f, width - 1);
                var sy = Math.Clamp(y + u2[i], 0f, height - 1);
                var x0 = Math.Min((int)sx, width - 2);
                var y0 = Math.Min((int)sy, height - 2);
                var fx = sx - x0;
                var fy = sy - y0;
                var j = y0 * width + x0;
                warped[i] = Bilinear(i1, j, fx, fy);
                warpedX[i] = Bilinear(i1x, j, fx, fy);
                warpedY[i] = Bilinear(i1y, j, fx, fy);
                gradSquared[i] = warpedX[i] * warpedX[i] + warpedY[i] * warpedY[i];
                rhoConstant[i] = warped[i] - warpedX[i] * u1[i] - warpedY[i] * u2[i] - i0[i];
            }
        }

        private float Bilinear(float[] image, int j, float fx, float fy)
        {
            var top = image[j] + fx * (image[j + 1] - image[j]);
            var bottom = image[j + width] + fx * (image[j + width + 1] - image[j + width]);
            return top + fy * (bottom - top);
        }

        /// <summary>
        /// Thresholding step of the data term (v), then u = v + theta * div(p). Returns the sum of squared updates.
        /// </summary>
        private float UpdateFlow(float[] u1, float[] u2)
        {
            var lambdaTheta = p.Lambda * p.Theta;
            var theta = p.Theta;
            var error = 0f;
            for (var y = 0; y < height; y++)
            {
                var row = y * width;
                // Backward differences treat the dual outside the image as zero (the adjoint of the forward gradient).
                var above = y > 0 ? row - width : -1;
                for (var x = 0; x < width; x++)
                {
                    var i = row + x;
                    var gx = warpedX[i];
                    var gy = warpedY[i];
                    var rho = rhoConstant[i] + gx * u1[i] + gy * u2[i];
                    var grad = gradSquared[i];
                    var step = rho < -lambdaTheta * grad ? lambdaTheta
                        : rho > lambdaTheta * grad ? -lambdaTheta
                        : grad > 1e-10f ? -rho / grad
                        : 0f;

                    var div1 = p11[i] - (x > 0 ? p11[i - 1] : 0f) + p12[i] - (above >= 0 ? p12[above + x] : 0f);
                    var div2 = p21[i] - (x > 0 ? p21[i - 1] : 0f) + p22[i] - (above >= 0 ? p22[above + x] : 0f);
                    var change1 = step * gx + theta * div1;
                    var change2 = step * gy + theta * div2;
                    u1[i] += change1;
                    u2[i] += change2;
                    error += change1 * change1 + change2 * change2;
                }
            }
            return error;
        }

        /// <summary>Projected gradient ascent on the dual: p = (p + tau/theta * grad u) / (1 + tau/theta * |grad u|).</summary>
        private void UpdateDual(float[] u1, float[] u2)
        {
            var step = p.Tau / p.Theta;
            for (var y = 0; y < height; y++)
            {
                var row = y * width;
                var below = y < height - 1 ? width : 0;
                for (var x = 0; x < width; x++)
                {
                    var i = row + x;
                    var right = x < width - 1 ? 1 : 0;
                    // Forward differences, zero on the last column and row.
                    var u1x = u1[i + right] - u1[i];
                    var u1y = u1[i + below] - u1[i];
                    var u2x = u2[i + right] - u2[i];
                    var u2y = u2[i + below] - u2[i];
                    var norm1 = 1f + step * MathF.Sqrt(u1x * u1x + u1y * u1y);
                    var norm2 = 1f + step * MathF.Sqrt(u2x * u2x + u2y * u2y);
                    p11[i] = (p11[i] + step * u1x) / norm1;
                    p12[i] = (p12[i] + step * u1y) / norm1;
                    p21[i] = (p21[i] + step * u2x) / norm2;
                    p22[i] = (p22[i] + step * u2y) / norm2;
                }
            }
        }

        private void CentredGradient(float[] image, float[] gx, float[] gy)
        {
            for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                var i = y * width + x;
                gx[i] = 0.5f * (image[y * width + Math.Min(x + 1, width - 1)] - image[y * width + Math.Max(x - 1, 0)]);
                gy[i] = 0.5f * (image[Math.Min(y + 1, height - 1) * width + x] - image[Math.Max(y - 1, 0) * width + x]);
            }
        }
    }
}
