namespace ExerciseFunctions.Modelling.Training;

/// <summary>Indices into a sample list: training, validation (early stopping) and held-out test.</summary>
public sealed record DatasetSplit(IReadOnlyList<int> Train, IReadOnlyList<int> Validation, IReadOnlyList<int> Test)
{
    /// <summary>
    /// Seeded split stratified by class, as in the reference: <paramref name="testFraction"/> of each class is held
    /// out for testing, then <paramref name="validationFraction"/> of the rest for validation (both rounded per class).
    /// </summary>
    public static DatasetSplit Stratified(IReadOnlyList<int> classOfSample, int seed, double testFraction = 0.2, double validationFraction = 0.2)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(testFraction);
        ArgumentOutOfRangeException.ThrowIfNegative(validationFraction);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(testFraction, 1.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(validationFraction, 1.0);
        var random = new Random(seed);
        List<int> train = [], validation = [], test = [];
        foreach (var members in Enumerable.Range(0, classOfSample.Count).GroupBy(i => classOfSample[i]).OrderBy(g => g.Key))
        {
            var shuffled = members.ToArray();
            random.Shuffle(shuffled);
            var testCount = (int)Math.Round(shuffled.Length * testFraction, MidpointRounding.AwayFromZero);
            var validationCount = (int)Math.Round((shuffled.Length - testCount) * validationFraction, MidpointRounding.AwayFromZero);
            test.AddRange(shuffled.Take(testCount));
            validation.AddRange(shuffled.Skip(testCount).Take(validationCount));
            train.AddRange(shuffled.Skip(testCount + validationCount));
        }
        return new DatasetSplit(Sorted(train), Sorted(validation), Sorted(test));
    }

    private static int[] Sorted(List<int> indices) => indices.Order().ToArray();
}
