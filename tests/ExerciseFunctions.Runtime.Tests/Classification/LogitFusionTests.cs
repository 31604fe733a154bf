using ExerciseFunctions.Runtime.Classification;

namespace ExerciseFunctions.Runtime.Tests.Classification;

public class LogitFusionTests
{
    [Fact]
    public void Average_is_element_wise()
    {
        Assert.Equal([2f, -1f], LogitFusion.Average([[1f, 0f], [3f, -2f]]));
        Assert.Throws<ArgumentException>(() => LogitFusion.Average([]));
        Assert.Throws<ArgumentException>(() => LogitFusion.Average([[1f], [1f, 2f]]));
    }

    [Fact]
    public void Sum_adds_the_streams_element_by_element()
    {
        Assert.Equal([2.5f, 1.75f], LogitFusion.Sum([1f, 2f], [1.5f, -0.25f]));
    }

    [Fact]
    public void Softmax_sums_to_one_and_matches_the_closed_form()
    {
        var probabilities = LogitFusion.Softmax([0f, (float)Math.Log(3)]);

        Assert.Equal(0.25, probabilities[0], 1e-7);
        Assert.Equal(0.75, probabilities[1], 1e-7);
    }

    [Fact]
    public void Softmax_is_stable_for_huge_logits()
    {
        var probabilities = LogitFusion.Softmax([1000f, 1000f, -1000f]);

        Assert.Equal([0.5, 0.5, 0.0], probabilities);
    }

    [Fact]
    public void TopK_orders_best_first_and_breaks_ties_by_index()
    {
        Assert.Equal([2, 0], LogitFusion.TopK([0.3, 0.1, 0.6, 0.3], 2));
        Assert.Equal([2, 0, 3, 1], LogitFusion.TopK([0.3, 0.1, 0.6, 0.3], 10));
    }
}
