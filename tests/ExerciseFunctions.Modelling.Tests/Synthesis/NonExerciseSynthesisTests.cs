using ExerciseFunctions.Modelling.Synthesis;
using ExerciseFunctions.Modelling.Synthesis.Rendering;
using ExerciseFunctions.Modelling.Training;
using ExerciseFunctions.Runtime.Models;
using OpenCvSharp;

namespace ExerciseFunctions.Modelling.Tests.Synthesis;

/// <summary>Clips that show no exercise: every kind written and decodable, never taken for a class, and each moving as its kind says.</summary>
public sealed class NonExerciseSynthesisTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("synth-none-").FullName;

    SynthesisOptions Options(string name, int seed = 5) => new()
    {
        OutputDirectory = Path.Combine(folder, name),
        PerClass = 1,
        Seed = seed,
        MinSeconds = 1,
        MaxSeconds = 1.2,
        Sizes = [new FrameSize(128, 96)],
        FrameRates = [25],
    };

    [Fact]
    public void Every_kind_is_written_decodes_and_is_no_exercise_class()
    {
        var kinds = Enum.GetValues<NonExerciseKind>();
        var result = SyntheticVideoGenerator.GenerateNonExercise(Options("all"), kinds);
        var again = SyntheticVideoGenerator.GenerateNonExercise(Options("again") with { MaxParallelism = 1 }, kinds);

        Assert.Equal(
            ["not-exercise_camera-motion_000.mp4", "not-exercise_empty-scene_000.mp4", "not-exercise_idle-figure_000.mp4",
             "not-exercise_noise_000.mp4", "not-exercise_other-movement_000.mp4", "not-exercise_test-pattern_000.mp4"],
            result.Videos.Select(v => Path.GetFileName(v.Path)).Order());
        Assert.All(result.Videos.Zip(again.Videos), pair =>
        {
            Assert.Null(LabelledVideos.TryParseClass(Path.GetFileName(pair.First.Path), ExerciseClasses.Default));
            using var capture = new VideoCapture(pair.First.Path);
            Assert.Equal((128, 96), (capture.FrameWidth, capture.FrameHeight));
            Assert.Equal(File.ReadAllBytes(pair.First.Path), File.ReadAllBytes(pair.Second.Path));
        });
    }

    [Fact]
    public void Non_exercise_seeds_are_kept_apart_from_exercise_seeds()
    {
        var options = Options("seeds");
        var exerciseSeeds = SyntheticClass.All.SelectMany(c => Enumerable.Range(0, 50).Select(id => SyntheticClip.Plan(c, id, options).Seed)).ToHashSet();

        var overlap = Enum.GetValues<NonExerciseKind>().SelectMany(k => Enumerable.Range(0, 50).Select(id => NonExerciseClip.Plan(k, id, options).Seed)).Where(exerciseSeeds.Contains);

        Assert.Empty(overlap);
    }

    [Theory]
    [InlineData(NonExerciseKind.EmptyScene, 0, 0.6)]
    [InlineData(NonExerciseKind.CameraMotion, 1.5, 255)]
    [InlineData(NonExerciseKind.OtherMovement, 0.3, 255)]
    public void Each_kind_moves_as_it_says(NonExerciseKind kind, double least, double most)
    {
        // For every seed tried, the most any frame differs from the first (mean grey levels, blurred so that sensor
        // grain does not count) lies in the kind's range: an empty scene holds still, the others move.
        foreach (var seed in Enumerable.Range(0, 4))
        {
            var clip = NonExerciseClip.Plan(kind, 0, Options("motion", seed) with { Sizes = [new FrameSize(320, 240)] });
            using var source = NonExerciseScene.Create(clip);
            using var first = Blurred(source.Render(0));
            var largest = Enumerable.Range(1, clip.FrameCount - 1).Max(frame =>
            {
                using var other = Blurred(source.Render(frame));
                using var difference = new Mat();
                Cv2.Absdiff(first, other, difference);
                return Cv2.Mean(difference).Val0;
            });
            Assert.InRange(largest, least, most);
        }
    }

    static Mat Blurred(Mat frame)
    {
        Cv2.GaussianBlur(frame, frame, new Size(9, 9), 3);
        return frame;
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
