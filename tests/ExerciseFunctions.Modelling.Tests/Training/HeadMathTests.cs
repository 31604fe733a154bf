using ExerciseFunctions.Modelling.Training;

namespace ExerciseFunctions.Modelling.Tests.Training;

/// <summary>The trainer's maths against numerical derivatives and hand-computed optimiser steps.</summary>
public class HeadMathTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.25)]
    public void Analytic_gradient_of_the_regularised_fused_loss_matches_central_differences(double l2)
    {
        var random = new Random(5);
        var model = TwoStreamLinearModel.Seeded(classes: 3, features: 4, seed: 2);
        var sample = new TrainingSample(Vector(random, 4), Vector(random, 4), Label: 1);
        var gradients = model.Parameters.Select(p => new double[p.Length]).ToArray();

        model.LossAndGradient(sample, l2, gradients);

        var scratch = model.Parameters.Select(p => new double[p.Length]).ToArray();
        const double h = 1e-6;
        for (var p = 0; p < model.Parameters.Count; p++)
        {
            var values = model.Parameters[p];
            for (var i = 0; i < values.Length; i++)
            {
                var original = values[i];
                values[i] = original + h;
                var up = model.LossAndGradient(sample, l2, scratch);
                values[i] = original - h;
                var down = model.LossAndGradient(sample, l2, scratch);
                values[i] = original;
                Assert.Equal((up - down) / (2 * h), gradients[p][i], precision: 6);
            }
        }
    }

    [Fact]
    public void Softmax_cross_entropy_gradient_is_probabilities_minus_one_hot_and_survives_huge_logits()
    {
        var gradient = new double[3];

        var loss = SoftmaxCrossEntropy.LossAndGradient([0, Math.Log(2), Math.Log(7)], 2, gradient);

        Assert.Equal(-Math.Log(0.7), loss, precision: 12);
        Assert.Equal([0.1, 0.2, -0.3], gradient.Select(g => Math.Round(g, 12)));

        var extreme = SoftmaxCrossEntropy.LossAndGradient([1000, -1000, 0], 1, gradient);
        Assert.Equal(2000, extreme, precision: 6);
        Assert.All(gradient, g => Assert.True(double.IsFinite(g)));
    }

    [Fact]
    public void Adam_steps_by_the_learning_rate_under_a_constant_gradient_whatever_its_scale()
    {
        double[] small = [0.0], large = [0.0];
        var smallAdam = new AdamOptimizer([small], learningRate: 5e-4);
        var largeAdam = new AdamOptimizer([large], learningRate: 5e-4);

        for (var step = 0; step < 10; step++)
        {
            smallAdam.Step([[0.01]]);
            largeAdam.Step([[1000.0]]);
        }

        // Epsilon (1e-8, on sqrt(v)) shaves a little off steps for tiny gradients only.
        Assert.Equal(-10 * 5e-4, small[0], precision: 6);
        Assert.Equal(-10 * 5e-4, large[0], precision: 10);
    }

    [Fact]
    public void Adam_second_step_matches_the_hand_computed_update()
    {
        double[] x = [1.0];
        var adam = new AdamOptimizer([x], learningRate: 0.1);

        adam.Step([[2.0]]);
        adam.Step([[-1.0]]);

        // Step 1: m = 0.2, v = 0.004, rate = 0.1 * sqrt(1 - 0.999) / (1 - 0.9).
        var first = 1.0 - 0.1 * Math.Sqrt(0.001) / 0.1 * 0.2 / (Math.Sqrt(0.004) + 1e-8);
        // Step 2: m = 0.9*0.2 + 0.1*(-1) = 0.08; v = 0.999*0.004 + 0.001*1 = 0.004996; rate = 0.1*sqrt(1-0.999^2)/(1-0.9^2).
        var rate = 0.1 * Math.Sqrt(1 - 0.999 * 0.999) / (1 - 0.81);
        Assert.Equal(first - rate * 0.08 / (Math.Sqrt(0.004996) + 1e-8), x[0], precision: 12);
    }

    [Fact]
    public void Adam_minimises_a_quadratic()
    {
        double[] x = [0.0];
        var adam = new AdamOptimizer([x], learningRate: 0.05);

        for (var step = 0; step < 2000; step++)
        {
            adam.Step([[2 * (x[0] - 3)]]);
        }

        Assert.Equal(3.0, x[0], precision: 3);
    }

    [Fact]
    public void Standardisation_folded_into_the_head_gives_the_same_logits_on_raw_features()
    {
        var random = new Random(9);
        var rows = Enumerable.Range(0, 20).Select(_ => Vector(random, 8).Select(v => (float)(5 + 0.01 * v)).ToArray()).ToArray();
        rows[0][3] = rows[1][3] = 0; // keeps the column varying; column 7 becomes constant below
        foreach (var row in rows)
        {
            row[7] = 2.5f;
        }
        var scaler = FeatureStandardizer.Fit(rows);
        var layer = LinearLayer.Seeded(3, 8, random);

        var folded = scaler.Fold(layer);

        foreach (var row in rows)
        {
            var expected = new double[3];
            layer.AddLogits(scaler.Apply(row), expected);
            var actual = folded.Logits(row);
            for (var k = 0; k < 3; k++)
            {
                Assert.Equal(expected[k], actual[k], precision: 2);
            }
        }
        Assert.Equal(0, scaler.Scale[7]);
    }

    internal static double[] Vector(Random random, int length) => Enumerable.Range(0, length).Select(_ => random.NextGaussian()).ToArray();
}
