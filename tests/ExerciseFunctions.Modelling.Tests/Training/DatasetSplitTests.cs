using ExerciseFunctions.Modelling.Training;

namespace ExerciseFunctions.Modelling.Tests.Training;

public class DatasetSplitTests
{
    private static readonly int[] TwentyPerClass = Enumerable.Range(0, 120).Select(i => i % 6).ToArray();

    [Fact]
    public void Each_class_gives_a_fifth_to_test_and_a_fifth_of_the_rest_to_validation()
    {
        var split = DatasetSplit.Stratified(TwentyPerClass, seed: 1);

        for (var k = 0; k < 6; k++)
        {
            Assert.Equal(4, split.Test.Count(i => TwentyPerClass[i] == k));
            Assert.Equal(3, split.Validation.Count(i => TwentyPerClass[i] == k));
            Assert.Equal(13, split.Train.Count(i => TwentyPerClass[i] == k));
        }
    }

    [Fact]
    public void Parts_are_disjoint_and_cover_every_sample()
    {
        var split = DatasetSplit.Stratified(TwentyPerClass, seed: 3);

        var all = split.Train.Concat(split.Validation).Concat(split.Test).ToArray();
        Assert.Equal(Enumerable.Range(0, 120), all.Order());
    }

    [Fact]
    public void Same_seed_same_split_and_another_seed_another()
    {
        var first = DatasetSplit.Stratified(TwentyPerClass, seed: 7);
        var again = DatasetSplit.Stratified(TwentyPerClass, seed: 7);
        var other = DatasetSplit.Stratified(TwentyPerClass, seed: 8);

        Assert.Equal(first.Test, again.Test);
        Assert.Equal(first.Validation, again.Validation);
        Assert.NotEqual(first.Test, other.Test);
    }

    [Fact]
    public void Tiny_classes_keep_everything_for_training()
    {
        var split = DatasetSplit.Stratified([0, 0, 1, 1], seed: 1);

        Assert.Equal([0, 1, 2, 3], split.Train);
        Assert.Empty(split.Validation);
        Assert.Empty(split.Test);
    }
}
