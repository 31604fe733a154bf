using ExerciseFunctions.Modelling.Rejection;

namespace ExerciseFunctions.Modelling.Tests.Rejection;

public sealed class LogisticRegressionTests
{
    [Theory]
    [InlineData(3, 9)]
    [InlineData(0.5, 1)]
    public void The_step_comes_from_the_largest_curvature_with_the_bias_counted(float a, double expected)
    {
        // Rows +a and -a, weight ½ each, with the bias's 1 appended: Σ wᵢx̃ᵢx̃ᵢᵀ = [[a², 0], [0, 1]] by hand, so the
        // largest eigenvalue is max(a², 1) — for a = 0.5 it is the bias's curvature, not the feature's.
        float[][] rows = [[a], [-a]];

        Assert.Equal(expected, LogisticRegression.LargestEigenvalue(rows, [0.5, 0.5]), 1e-9);
    }
}
