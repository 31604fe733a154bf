using ExerciseFunctions.Runtime.I3d;

namespace ExerciseFunctions.Modelling.Training;

/// <summary>How the new logits layers are trained; defaults follow the reference work.</summary>
public sealed record HeadTrainingOptions
{
    public int Epochs { get; init; } = 30;
    public double LearningRate { get; init; } = 5e-4;

    /// <summary>Factor on TensorFlow's l2_loss (sum of squared weights / 2) of both streams' weights.</summary>
    public double L2 { get; init; } = 0.25;

    /// <summary>Stop when validation has not improved for this many epochs (the best epoch's head is kept).</summary>
    public int Patience { get; init; } = 10;

    /// <summary>Seeds the head's initialisation and the per-epoch shuffling.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Z-score each feature on the training set (folded into the exported head).</summary>
    public bool Standardize { get; init; } = true;

    /// <summary>
    /// Candidate weights of the RGB features relative to flow; a head is trained for each and the one best on
    /// validation kept. A small weight is a stronger L2 on the RGB layer, so a stream whose features do not
    /// generalise cannot drown out the other in the sum — fusion then does at least as well as the better stream.
    /// </summary>
    public IReadOnlyList<double> RgbWeights { get; init; } = [1, 0.5, 0.25, 0.1];
}

/// <summary>Fused cross-entropy (without L2) and accuracy after an epoch; epoch 0 is the initial head.</summary>
public sealed record EpochMetrics(int Epoch, double TrainLoss, double TrainAccuracy, double ValidationLoss, double ValidationAccuracy);

public sealed record HeadTrainingResult(TwoStreamHead Head, IReadOnlyList<EpochMetrics> History, int BestEpoch, double RgbWeight);

/// <summary>
/// Trains new per-stream logits layers on cached backbone features: softmax cross-entropy of the summed logits,
/// L2 on the weights, Adam, batch 1, seeded shuffling, early stopping on validation accuracy (then loss); the RGB
/// feature weight (<see cref="HeadTrainingOptions.RgbWeights"/>) is chosen on validation the same way.
/// </summary>
public static class HeadTrainer
{
    public static HeadTrainingResult Train(
        IReadOnlyList<FeatureExample> train,
        IReadOnlyList<FeatureExample> validation,
        int classes,
        HeadTrainingOptions options,
        IProgress<EpochMetrics>? progress = null)
    {
        if (train.Count == 0)
        {
            throw new ArgumentException("No training examples.", nameof(train));
        }
        var rgbScaler = Standardizer(train.Select(e => e.Rgb).ToList(), options.Standardize);
        var flowScaler = Standardizer(train.Select(e => e.Flow).ToList(), options.Standardize);
        var runs = options.RgbWeights
            .Select(weight => TrainWithRgbWeight(train, validation, classes, options, (rgbScaler.Scaled(weight), flowScaler), weight, progress))
            .ToList();
        // Ties go to the earlier candidate, i.e. the plain sum when it is as good.
        var best = runs.Aggregate((a, b) => b.Score.CompareTo(a.Score) > 0 ? b : a);
        return best.Result;
    }

    private static (HeadTrainingResult Result, (double, double) Score) TrainWithRgbWeight(
        IReadOnlyList<FeatureExample> train,
        IReadOnlyList<FeatureExample> validation,
        int classes,
        HeadTrainingOptions options,
        (FeatureStandardizer Rgb, FeatureStandardizer Flow) scalers,
        double rgbWeight,
        IProgress<EpochMetrics>? progress)
    {
        var (rgbScaler, flowScaler) = scalers;
        TrainingSample Prepare(FeatureExample e) => new(rgbScaler.Apply(e.Rgb), flowScaler.Apply(e.Flow), e.Label);
        var trainSamples = train.Select(Prepare).ToArray();
        var validationSamples = validation.Select(Prepare).ToArray();
        // Without a validation set, early stopping watches the training set.
        var selectionSamples = validationSamples.Length > 0 ? validationSamples : trainSamples;

        var model = TwoStreamLinearModel.Seeded(classes, train[0].Rgb.Length, options.Seed);
        var optimizer = new AdamOptimizer(model.Parameters, options.LearningRate);
        var gradients = model.Parameters.Select(p => new double[p.Length]).ToArray();
        var shuffle = new Random(options.Seed);

        var history = new List<EpochMetrics> { Measure(model, 0, trainSamples, validationSamples) };
        var (best, bestEpoch, bestScore) = (model.Clone(), 0, Score(model, selectionSamples));
        progress?.Report(history[0]);
        for (var epoch = 1; epoch <= options.Epochs && epoch - bestEpoch <= options.Patience; epoch++)
        {
            var order = Enumerable.Range(0, trainSamples.Length).ToArray();
            shuffle.Shuffle(order);
            foreach (var index in order)
            {
                model.LossAndGradient(trainSamples[index], options.L2, gradients);
                optimizer.Step(gradients);
            }
            var metrics = Measure(model, epoch, trainSamples, validationSamples);
            history.Add(metrics);
            progress?.Report(metrics);
            var score = Score(model, selectionSamples);
            if (score.CompareTo(bestScore) > 0)
            {
                (best, bestEpoch, bestScore) = (model.Clone(), epoch, score);
            }
        }
        var head = new TwoStreamHead(rgbScaler.Fold(best.Rgb), flowScaler.Fold(best.Flow));
        return (new HeadTrainingResult(head, history, bestEpoch, rgbWeight), bestScore);
    }

    private static FeatureStandardizer Standardizer(IReadOnlyList<float[]> rows, bool standardize) =>
        standardize ? FeatureStandardizer.Fit(rows) : FeatureStandardizer.Identity(rows[0].Length);

    private static EpochMetrics Measure(TwoStreamLinearModel model, int epoch, TrainingSample[] train, TrainingSample[] validation)
    {
        var (trainLoss, trainAccuracy) = model.Measure(train);
        var (validationLoss, validationAccuracy) = model.Measure(validation);
        return new EpochMetrics(epoch, trainLoss, trainAccuracy, validationLoss, validationAccuracy);
    }

    /// <summary>Higher is better: accuracy first, then lower loss.</summary>
    private static (double Accuracy, double NegativeLoss) Score(TwoStreamLinearModel model, TrainingSample[] samples)
    {
        var (loss, accuracy) = model.Measure(samples);
        return (accuracy, -loss);
    }
}
