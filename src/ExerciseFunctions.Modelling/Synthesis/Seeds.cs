namespace ExerciseFunctions.Modelling.Synthesis;

/// <summary>Independent, reproducible seeds per clip (SplitMix64), so output does not depend on thread scheduling.</summary>
internal static class Seeds
{
    public static int Mix(params ReadOnlySpan<long> parts)
    {
        var state = 0x9E3779B97F4A7C15UL;
        foreach (var part in parts)
        {
            state = Scramble(state ^ (ulong)part);
        }
        return (int)(state & int.MaxValue);
    }

    static ulong Scramble(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
