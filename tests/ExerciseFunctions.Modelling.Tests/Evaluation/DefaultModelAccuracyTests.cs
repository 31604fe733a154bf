using ExerciseFunctions.Runtime.Classification;
using ExerciseFunctions.Modelling.Evaluation;
using ExerciseFunctions.Runtime.Models;
using ExerciseFunctions.Modelling.Synthesis;
using Xunit.Abstractions;

namespace ExerciseFunctions.Modelling.Tests.Evaluation;

/// <summary>
/// The shipped default model (built here, in a folder the test owns) on generated videos of a seed it was not trained
/// on: five videos of every class through real encoding, decoding, flow and both I3D streams.
/// </summary>
public sealed class DefaultModelAccuracyTests(ITestOutputHelper output) : IDisposable
{
    private const int PerClass = 5;
    private const double Chance = 1.0 / 6;
    private readonly string directory = Directory.CreateTempSubdirectory("default-accuracy-").FullName;

    [Fact]
    public void The_default_model_recognises_unseen_generated_videos_of_every_class()
    {
        var videos = Path.Combine(directory, "videos");
        SyntheticVideoGenerator.Generate(new SynthesisOptions
        {
            OutputDirectory = videos, PerClass = PerClass, Seed = 2026, MinSeconds = 2, MaxSeconds = 2.5, Sizes = [new(854, 480)],
        });

        var summary = ModelEvaluator.Evaluate(DefaultModel.Ensure(Path.Combine(directory, "model")), videos, MethodOptions.Default);

        var streams = $"fused {summary.Accuracy:P0}, flow {summary.FlowAccuracy:P0}, RGB {summary.RgbAccuracy:P0}";
        output.WriteLine($"{streams}; recall per class: {string.Join(", ", summary.PerClass.Select(p => $"{p.Key} {p.Value.Recall:P0}"))}");
        Assert.Equal(6 * PerClass, summary.Count);
        // Every class: at least 3 of its 5 videos (recall), so no class can be always wrong.
        Assert.All(summary.PerClass, pair => Assert.True(pair.Value.Recall >= 0.6, $"{pair.Key}: recall {pair.Value.Recall:P0} ({streams})"));
        Assert.True(summary.Accuracy >= 0.75, streams);
        // Flow carries the model: over three times chance (93% on this set). The RGB stream of the random backbone is
        // near chance (README: ~20%; 30% on this set), so it gets no floor; fusion may trail flow by one video at most
        // (it does here: 27 against 28 of 30).
        Assert.True(summary.FlowAccuracy >= 3 * Chance, streams);
        Assert.True(Videos(summary.Accuracy) >= Videos(summary.FlowAccuracy) - 1, streams);

        double Videos(double? accuracy) => Math.Round(accuracy!.Value * summary.Count);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
