using ExerciseFunctions.Modelling.Synthesis.Motion;
using ExerciseFunctions.Modelling.Synthesis.Rendering;

namespace ExerciseFunctions.Modelling.Synthesis;

/// <summary>
/// The plan of one clip: class, camera angle, motion, frame rate and upright frame size (<see cref="Portrait"/>
/// clips are taller than wide). Everything else about its look is drawn from <see cref="Seed"/> when rendered.
/// </summary>
public sealed record SyntheticClip(SyntheticClass Class, CameraAngle Angle, int Id, int Seed, MotionParameters Motion,
    int Fps, int Width, int Height)
{
    public bool Portrait => Height > Width;

    public int FrameCount => Math.Max(2, (int)Math.Round(Motion.DurationSeconds * Fps));

    public Pose PoseAt(int frame) => ExerciseMotion.PoseAt(Class, Motion, frame / (double)Fps);

    /// <summary>Like the reference dataset: <c>&lt;class&gt;_&lt;angle&gt;_&lt;id&gt;.mp4</c>, id zero-padded.</summary>
    public string FileName(int idDigits) => $"{Class.Name}_{Angle.ToString().ToLowerInvariant()}_{Id.ToString().PadLeft(idDigits, '0')}.mp4";

    /// <summary>The <paramref name="id"/>-th clip of a class in the dataset made from <paramref name="options"/> (its seed, sizes, rates, lengths).</summary>
    public static SyntheticClip Plan(SyntheticClass exerciseClass, int id, SynthesisOptions options)
    {
        var classIndex = SyntheticClass.All.ToList().IndexOf(exerciseClass);
        var seed = Seeds.Mix(options.Seed, classIndex, id);
        var random = new Random(seed);
        var angles = Enum.GetValues<CameraAngle>();
        var angle = angles[(id + Seeds.Mix(options.Seed, classIndex)) % angles.Length];
        var motion = MotionParameters.Sample(random, options.MinSeconds, options.MaxSeconds);
        var size = random.Pick(options.Sizes);
        var portrait = random.Chance(options.PortraitShare);
        return new SyntheticClip(exerciseClass, angle, id, seed, motion, random.Pick(options.FrameRates),
            portrait ? size.Height : size.Width, portrait ? size.Width : size.Height);
    }
}
