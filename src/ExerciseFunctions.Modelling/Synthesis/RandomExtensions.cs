namespace ExerciseFunctions.Modelling.Synthesis;

internal static class RandomExtensions
{
    public static float Range(this Random random, float min, float max) => min + (float)random.NextDouble() * (max - min);

    public static double Range(this Random random, double min, double max) => min + random.NextDouble() * (max - min);

    public static T Pick<T>(this Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    public static bool Chance(this Random random, double probability) => random.NextDouble() < probability;
}
