using ExerciseFunctions.Runtime.Models;

namespace ExerciseFunctions.Modelling.Synthesis;

public enum SyntheticExercise { Squat, PushUp, PullUp }

/// <summary>One of the six labelled classes: which exercise, and whether it is done correctly.</summary>
public sealed record SyntheticClass(string Name, SyntheticExercise Exercise, bool IsCorrect)
{
    /// <summary>All six, in the order of <see cref="ExerciseClasses.Default"/>.</summary>
    public static readonly IReadOnlyList<SyntheticClass> All =
    [
        new("bw-squat_correct", SyntheticExercise.Squat, true),
        new("bw-squat_not-low", SyntheticExercise.Squat, false),
        new("pull-up_chin-below-bar", SyntheticExercise.PullUp, false),
        new("pull-up_correct", SyntheticExercise.PullUp, true),
        new("push-up_correct", SyntheticExercise.PushUp, true),
        new("push-up_upper-body-first", SyntheticExercise.PushUp, false),
    ];

    public static SyntheticClass Parse(string name) =>
        All.FirstOrDefault(c => c.Name == name)
        ?? throw new ArgumentException($"Unknown exercise class '{name}'; expected one of: {string.Join(", ", All.Select(c => c.Name))}.");
}
