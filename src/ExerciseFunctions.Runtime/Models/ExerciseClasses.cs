namespace ExerciseFunctions.Runtime.Models;

public static class ExerciseClasses
{
    /// <summary>The six classes of the reference work, in its order.</summary>
    public static readonly IReadOnlyList<string> Default =
    [
        "bw-squat_correct",
        "bw-squat_not-low",
        "pull-up_chin-below-bar",
        "pull-up_correct",
        "push-up_correct",
        "push-up_upper-body-first",
    ];
}
