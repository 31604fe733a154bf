using ExerciseFunctions.Runtime.Classification;
using ExerciseFunctions.Modelling.Evaluation;
using ExerciseFunctions.Runtime.Models;
using ExerciseFunctions.Modelling.Synthesis;

namespace ExerciseFunctions.Modelling.Tests.Evaluation;

/// <summary>
/// The shipped default model on generated videos of a seed it was not trained on: every class, two videos each,
/// through real encoding, decoding, flow and both I3D streams.
/// </summary>
public sealed class DefaultModelAccuracyTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("default-accuracy-").FullName;

    [Fact]
    public void The_default_model_recognises_unseen_generated_videos_of_every_class()
    {
        SyntheticVideoGenerator.Generate(new SynthesisOptions
        {
            OutputDirectory = directory, PerClass = 2, Seed = 2026, MinSeconds = 2, MaxSeconds = 2.5, Sizes = [new(854, 480)],
        });

        var summary = ModelEvaluator.Evaluate(DefaultModel.Ensure(), directory, MethodOptions.Default);

        Assert.Equal(12, summary.Count);
        Assert.True(summary.Accuracy >= 0.75, $"fused accuracy {summary.Accuracy:P1} on 12 unseen generated videos (chance: 16.7%)");
        Assert.True(summary.Accuracy >= summary.RgbAccuracy, "fusion must not do worse than RGB alone");
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
