namespace ExerciseFunctions.Modelling.Synthesis.Motion;

/// <summary>
/// Where a performer is inside the repetition cycle. <see cref="Effort"/> is 0 at rest (standing, arms
/// extended, hanging) and 1 at the far point (bottom of a squat or push-up, top of a pull-up).
/// <see cref="ReturnProgress"/> runs 0→1 on the way back to rest and is 0 otherwise.
/// </summary>
internal readonly record struct RepetitionPhase(float Effort, float ReturnProgress)
{
    const double GoEnd = 0.42;
    const double HoldEnd = 0.52;

    public static RepetitionPhase At(MotionParameters parameters, double seconds)
    {
        var active = seconds - parameters.LeadInSeconds;
        if (active < 0 || active >= parameters.Repetitions * parameters.RepSeconds)
        {
            return new(0, 0);
        }
        var cycle = active % parameters.RepSeconds / parameters.RepSeconds;
        if (cycle < GoEnd)
        {
            return new(Ease((float)(cycle / GoEnd)), 0);
        }
        if (cycle < HoldEnd)
        {
            return new(1, 0);
        }
        var back = (float)((cycle - HoldEnd) / (1 - HoldEnd));
        return new(Ease(1 - back), back);
    }

    /// <summary>Smooth 0→1 with zero speed at both ends, like a real joint starting and stopping.</summary>
    public static float Ease(float x) => (1 - MathF.Cos(MathF.PI * Math.Clamp(x, 0, 1))) / 2;
}
