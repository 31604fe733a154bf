using System.Runtime.InteropServices;
using OpenCvSharp;

namespace ExerciseFunctions.Modelling.Synthesis.Rendering;

internal static class RandomImage
{
    /// <summary>A BGR image of uniformly random bytes.</summary>
    public static Mat Create(Size size, Random random)
    {
        var bytes = new byte[size.Width * size.Height * 3];
        random.NextBytes(bytes);
        var image = new Mat(size, MatType.CV_8UC3);
        Marshal.Copy(bytes, 0, image.Data, bytes.Length);
        return image;
    }
}
