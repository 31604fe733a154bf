using ExerciseFunctions.Runtime.Classification;
using ExerciseFunctions.Runtime.Inference;
using ExerciseFunctions.Runtime.Models;

namespace ExerciseFunctions.Runtime.Tests.Classification;

/// <summary>The method divides the fused logits by the model's temperature before the softmax: the video's and each window's.</summary>
public sealed class CalibratedDecisionTests
{
    [Fact]
    public void The_temperature_divides_the_fused_logits_before_the_softmax()
    {
        // Fused logits (2, 0) at temperature 2: softmax(1, 0) = e / (e + 1) for the first class.
        var window = new WindowScores(new ClipWindow([0, 1]), new StreamOutput([1.5f, 0], [0]), new StreamOutput([0.5f, 0], [0]));

        var verdict = ClassificationMethod.Decide(["a", "b"], rejector: null, new ConfidenceCalibration(2), [window], fps: 25);

        var expected = Math.E / (Math.E + 1);
        Assert.Equal("a", verdict.Label);
        Assert.Equal(expected, verdict.Confidence, precision: 12);
        Assert.Equal(1 - expected, verdict.Probabilities["b"], precision: 12);
        Assert.Equal(expected, Assert.Single(verdict.Windows).Confidence, precision: 12);
    }
}
