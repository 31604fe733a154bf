namespace ExerciseFunctions.Runtime.Flow;

/// <summary>
/// Flow values (in [-1, 1] after clipping to ±20 px and dividing by 20) on an 8-bit grid, round(v * 127): the
/// precision of the JPEG flow images the I3D flow stream was trained on. The method rounds flow to this grid before
/// the network sees it, so flow stored in int8 work blobs and flow computed in-process are the same numbers.
/// </summary>
public static class FlowQuantisation
{
    public const float Scale = 127f;

    /// <summary>Largest change rounding makes: half a step.</summary>
    public const float ErrorBound = 0.5f / Scale;

    public static sbyte ToLevel(float value) => (sbyte)MathF.Round(Math.Clamp(value, -1f, 1f) * Scale);

    public static float ToValue(sbyte level) => level / Scale;

    /// <summary>Rounds every value of <paramref name="flow"/> to the grid, in place.</summary>
    public static void Round(float[] flow)
    {
        for (var i = 0; i < flow.Length; i++)
        {
            flow[i] = ToValue(ToLevel(flow[i]));
        }
    }
}
