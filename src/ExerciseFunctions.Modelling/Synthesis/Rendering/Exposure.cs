using OpenCvSharp;

namespace ExerciseFunctions.Modelling.Synthesis.Rendering;

/// <summary>Camera exposure as contrast (gain) and brightness (bias), applied to colours before drawing so frames need no extra pass.</summary>
internal readonly record struct Exposure(double Gain, double Bias)
{
    public static Exposure Sample(Random random) => new(random.Range(0.65, 1.3), random.Range(-45.0, 45.0));

    public Scalar Apply(Scalar colour) => new(Channel(colour.Val0), Channel(colour.Val1), Channel(colour.Val2));

    public void Apply(Mat image) => image.ConvertTo(image, MatType.CV_8UC3, Gain, Bias);

    double Channel(double value) => Math.Clamp(value * Gain + Bias, 0, 255);
}
