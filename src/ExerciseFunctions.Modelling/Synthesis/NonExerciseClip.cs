using ExerciseFunctions.Modelling.Synthesis.Motion;
using ExerciseFunctions.Modelling.Synthesis.Rendering;

namespace ExerciseFunctions.Modelling.Synthesis;

/// <summary>What a clip that shows none of the six classes shows.</summary>
public enum NonExerciseKind { EmptyScene, IdleFigure, OtherMovement, CameraMotion, Noise, TestPattern }

/// <summary>
/// The plan of one non-exercise clip: kind, frame rate, size, length, and the motion of the figure that some kinds
/// show (or frame the empty scene around). Landscape only. Everything else is drawn from <see cref="Seed"/> when rendered.
/// </summary>
public sealed record NonExerciseClip(NonExerciseKind Kind, int Id, int Seed, MotionParameters Motion, OtherMovement Movement,
    int Fps, int Width, int Height)
{
    /// <summary>The file-name prefix of every non-exercise clip; no exercise label starts with it.</summary>
    public const string Prefix = "not-exercise";

    public int FrameCount => Math.Max(2, (int)Math.Round(Motion.DurationSeconds * Fps));

    public Pose PoseAt(int frame) => OtherMotion.PoseAt(Movement, Motion, frame / (double)Fps);

    /// <summary><c>not-exercise_&lt;kind&gt;_&lt;id&gt;.mp4</c>, like the exercise clips' <c>&lt;class&gt;_&lt;angle&gt;_&lt;id&gt;</c>.</summary>
    public string FileName(int idDigits) => $"{Prefix}_{KindName(Kind)}_{Id.ToString().PadLeft(idDigits, '0')}.mp4";

    public static string KindName(NonExerciseKind kind) =>
        string.Concat(kind.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? $"-{char.ToLowerInvariant(c)}" : $"{char.ToLowerInvariant(c)}"));

    /// <summary>
    /// The <paramref name="id"/>-th clip of a kind. Seeds are mixed with a tag the exercise clips never use, so a
    /// non-exercise set shares nothing with an exercise set made from the same seed.
    /// </summary>
    public static NonExerciseClip Plan(NonExerciseKind kind, int id, SynthesisOptions options)
    {
        const long NonExerciseTag = 0x4E4F4E45; // "NONE"
        var seed = Seeds.Mix(NonExerciseTag, options.Seed, (int)kind, id);
        var random = new Random(seed);
        var motion = MotionParameters.Sample(random, options.MinSeconds, options.MaxSeconds);
        var movement = kind == NonExerciseKind.IdleFigure ? OtherMovement.Idle : random.Pick(Enum.GetValues<OtherMovement>()[1..]);
        var size = random.Pick(options.Sizes);
        return new NonExerciseClip(kind, id, seed, motion, movement, random.Pick(options.FrameRates), size.Width, size.Height);
    }
}
