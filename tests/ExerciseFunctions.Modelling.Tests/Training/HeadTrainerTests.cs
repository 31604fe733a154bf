using ExerciseFunctions.Modelling.Evaluation;
using ExerciseFunctions.Runtime.I3d;
using ExerciseFunctions.Modelling.Training;

namespace ExerciseFunctions.Modelling.Tests.Training;

public class HeadTrainerTests
{
    private const int Classes = 6;

    /// <summary>
    /// Features like a random backbone's: a large shared offset, small class-dependent shifts on a few
    /// dimensions per stream, and noise.
    /// </summary>
    internal static FeatureExample[] SeparableSet(int perClass, int seed)
    {
        var random = new Random(seed);
        float[] Features(int label, int stream) => Enumerable.Range(0, I3dArchitecture.FeatureChannels)
            .Select(j => (float)(3 + 0.01 * random.NextGaussian() + (j % 64 == label + 8 * stream ? 0.05 : 0)))
            .ToArray();
        return Enumerable.Range(0, Classes * perClass)
            .Select(i => new FeatureExample(Features(i % Classes, 0), Features(i % Classes, 1), i % Classes))
            .ToArray();
    }

    [Fact]
    public void Reaches_full_training_accuracy_on_a_small_separable_set()
    {
        var train = SeparableSet(perClass: 3, seed: 1);

        var result = HeadTrainer.Train(train, [], Classes, new HeadTrainingOptions());

        Assert.Equal(1.0, result.History[result.BestEpoch].TrainAccuracy);
        var summary = EvaluationSummary.Of(train.Select(result.Head.Score).ToArray(), Enumerable.Range(0, Classes).Select(k => $"c{k}").ToArray());
        Assert.Equal(1.0, summary.Accuracy);
        Assert.True(result.History[0].TrainLoss > result.History[result.BestEpoch].TrainLoss);
    }

    [Fact]
    public void Generalises_to_held_out_examples_of_the_same_distribution()
    {
        var data = SeparableSet(perClass: 10, seed: 2);

        var result = HeadTrainer.Train(data[..42], data[42..], Classes, new HeadTrainingOptions());

        var held = EvaluationSummary.Of(data[42..].Select(result.Head.Score).ToArray(), Enumerable.Range(0, Classes).Select(k => $"c{k}").ToArray());
        Assert.True(held.Accuracy >= 0.9, $"held-out accuracy {held.Accuracy}");
    }

    [Fact]
    public void A_stream_of_pure_noise_is_weighted_down_on_validation()
    {
        var noise = new Random(9);
        var data = SeparableSet(perClass: 10, seed: 6)
            .Select(e => e with { Rgb = Enumerable.Range(0, e.Rgb.Length).Select(_ => (float)noise.NextGaussian()).ToArray() })
            .ToArray();

        var result = HeadTrainer.Train(data[..42], data[42..], Classes, new HeadTrainingOptions());
        var plainSum = HeadTrainer.Train(data[..42], data[42..], Classes, new HeadTrainingOptions { RgbWeights = [1] });

        Assert.True(result.RgbWeight < 1, $"RGB weight {result.RgbWeight}");
        Assert.True(result.History[result.BestEpoch].ValidationLoss < plainSum.History[plainSum.BestEpoch].ValidationLoss);
    }

    [Fact]
    public void Same_seed_gives_the_same_head_bit_for_bit()
    {
        var data = SeparableSet(perClass: 2, seed: 3);
        var options = new HeadTrainingOptions { Epochs = 5, Seed = 4 };

        var first = HeadBytes(HeadTrainer.Train(data, [], Classes, options).Head);
        var second = HeadBytes(HeadTrainer.Train(data, [], Classes, options).Head);
        var otherSeed = HeadBytes(HeadTrainer.Train(data, [], Classes, options with { Seed = 5 }).Head);

        Assert.Equal(first, second);
        Assert.NotEqual(first, otherSeed);
    }

    [Fact]
    public void Early_stopping_returns_the_best_validation_epoch_and_stops_after_the_patience()
    {
        var data = SeparableSet(perClass: 6, seed: 6);
        // Validation labels shuffled: no head does well on it for long, so training stops early.
        var validation = data[24..].Select((e, i) => e with { Label = (e.Label + 1 + i) % Classes }).ToArray();
        var options = new HeadTrainingOptions { Epochs = 200, Patience = 3 };

        var result = HeadTrainer.Train(data[..24], validation, Classes, options);

        Assert.True(result.History.Count < 201);
        Assert.Equal(result.BestEpoch + options.Patience, result.History[^1].Epoch);
        var best = result.History[result.BestEpoch];
        Assert.Equal(result.History.Max(h => h.ValidationAccuracy), best.ValidationAccuracy);
        var returned = EvaluationSummary.Of(validation.Select(result.Head.Score).ToArray(), Enumerable.Range(0, Classes).Select(k => $"c{k}").ToArray());
        Assert.Equal(best.ValidationAccuracy, returned.Accuracy!.Value, precision: 6);
    }

    private static byte[] HeadBytes(TwoStreamHead head)
    {
        using var stream = new MemoryStream();
        head.Write(stream);
        return stream.ToArray();
    }
}
