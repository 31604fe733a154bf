namespace ExerciseFunctions.Modelling.Training;

internal static class RandomExtensions
{
    /// <summary>A standard normal sample (Box-Muller).</summary>
    public static double NextGaussian(this Random random) =>
        Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());
}
