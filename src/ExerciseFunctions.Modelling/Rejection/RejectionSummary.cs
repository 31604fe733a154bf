using ExerciseFunctions.Runtime.Models;

namespace ExerciseFunctions.Modelling.Rejection;

/// <summary>
/// How a model's rejection did on a set: <see cref="Rejected"/> is the share of exercise clips wrongly refused,
/// <see cref="NonExerciseAccepted"/> the share of non-exercise clips let through (null without any).
/// </summary>
public sealed record RejectionSummary(
    string Method, int ExerciseClips, int RejectedClips, double? Rejected, int NonExerciseClips, int AcceptedNonExerciseClips, double? NonExerciseAccepted)
{
    public static RejectionSummary Of(NoveltyRejector? rejector, IReadOnlyList<RejectionExample> examples)
    {
        bool Recognized(RejectionExample e) => rejector?.Recognizes(e.Rgb, e.Flow, e.RgbLogits, e.FlowLogits) ?? true;
        var exercise = examples.Where(e => e.Class is not null).ToArray();
        var others = examples.Where(e => e.Class is null).ToArray();
        var rejected = exercise.Count(e => !Recognized(e));
        var accepted = others.Count(Recognized);
        return new RejectionSummary(rejector?.Parameters.Method.ToString() ?? "none",
            exercise.Length, rejected, Share(rejected, exercise.Length), others.Length, accepted, Share(accepted, others.Length));
    }

    private static double? Share(int part, int whole) => whole == 0 ? null : (double)part / whole;
}
