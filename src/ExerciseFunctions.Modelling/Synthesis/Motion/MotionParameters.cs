namespace ExerciseFunctions.Modelling.Synthesis.Motion;

/// <summary>
/// Everything that shapes one clip's motion: the body, how many repetitions at what tempo, and where inside its
/// class's range this performer sits (<see cref="Depth"/>), how they carry the free limbs (<see cref="Style"/>)
/// and, for the faulty push-up, how late the hips follow (<see cref="Lag"/>). All three are in [0, 1].
/// </summary>
public sealed record MotionParameters(
    BodyProportions Body, int Repetitions, double RepSeconds, double LeadInSeconds, double LeadOutSeconds,
    float Depth, float Style, float Lag)
{
    public const int MaxRepetitions = 4;
    const double MinRepSeconds = 0.9;
    const double MaxRepSeconds = 3.2;

    public double DurationSeconds => LeadInSeconds + Repetitions * RepSeconds + LeadOutSeconds;

    /// <summary>1–4 repetitions whose tempo makes the clip last between the two bounds.</summary>
    public static MotionParameters Sample(Random random, double minSeconds, double maxSeconds)
    {
        if (minSeconds <= 0 || maxSeconds < minSeconds)
        {
            throw new ArgumentException($"Clip length bounds must satisfy 0 < min <= max (got {minSeconds} and {maxSeconds}).");
        }
        var duration = random.Range(minSeconds, maxSeconds);
        var leadIn = random.Range(0.0, 0.12) * duration;
        var leadOut = random.Range(0.0, 0.12) * duration;
        var active = duration - leadIn - leadOut;
        var fewest = Math.Clamp((int)Math.Ceiling(active / MaxRepSeconds), 1, MaxRepetitions);
        var most = Math.Clamp((int)Math.Floor(active / MinRepSeconds), fewest, MaxRepetitions);
        var repetitions = random.Next(fewest, most + 1);
        return new MotionParameters(BodyProportions.Sample(random), repetitions, active / repetitions, leadIn, leadOut,
            Depth: (float)random.NextDouble(), Style: (float)random.NextDouble(), Lag: (float)random.NextDouble());
    }
}
