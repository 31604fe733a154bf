namespace ExerciseFunctions.Core.Models;

/// <summary>The shipped default: the seeded backbone plus the committed trained head, built on first use.</summary>
public static class DefaultModel
{
    /// <summary>Where the default model is built when none is configured.</summary>
    public static string DefaultDirectory => throw new NotImplementedException();

    /// <summary>Returns the model directory, building the default model there first if it is missing.</summary>
    public static ModelDirectory Ensure(string? directory = null) => throw new NotImplementedException();
}
