using ExerciseFunctions.Modelling.Confidence;

namespace ExerciseFunctions.Modelling.Tests.Confidence;

public sealed class TemperatureFitterTests
{
    [Theory]
    [InlineData(2.5)]
    [InlineData(0.5)]
    public void The_fit_recovers_the_temperature_that_made_the_logits_over_or_underconfident(double temperature)
    {
        // Classes drawn from softmax(z) are calibrated for logits z; the model reports z x temperature, so dividing
        // by the temperature is exactly what calibrates it again.
        var random = new Random(7);
        var examples = Enumerable.Range(0, 4000).Select(_ =>
        {
            var z = Enumerable.Range(0, 6).Select(_ => 2 * Gaussian(random)).ToArray();
            var truth = Sample(random, z);
            return new LabelledLogits(z.Select(v => (float)(v * temperature)).ToArray(), truth);
        }).ToList();

        var fitted = TemperatureFitter.Fit(examples).Temperature;

        Assert.InRange(fitted, temperature * 0.95, temperature * 1.05);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static int Sample(Random random, double[] logits)
    {
        var weights = logits.Select(Math.Exp).ToArray();
        var u = random.NextDouble() * weights.Sum();
        for (var k = 0; k < weights.Length - 1; k++)
        {
            if ((u -= weights[k]) < 0)
            {
                return k;
            }
        }
        return weights.Length - 1;
    }
}
