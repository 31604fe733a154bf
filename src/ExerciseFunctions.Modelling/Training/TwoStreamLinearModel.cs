using ExerciseFunctions.Modelling.Evaluation;

namespace ExerciseFunctions.Modelling.Training;

/// <summary>An example in the trainer's input space (standardised features, double precision).</summary>
internal sealed record TrainingSample(double[] Rgb, double[] Flow, int Label);

/// <summary>
/// The new logits layers of both streams, trained on the softmax cross-entropy of their summed logits plus
/// <c>l2 * (l2_loss(W_rgb) + l2_loss(W_flow))</c>, with TensorFlow's l2_loss(W) = sum(W^2) / 2 (biases are not decayed).
/// </summary>
internal sealed class TwoStreamLinearModel(LinearLayer rgb, LinearLayer flow)
{
    public LinearLayer Rgb { get; } = rgb;
    public LinearLayer Flow { get; } = flow;

    /// <summary>Weights and biases of both layers, in the order gradients are written.</summary>
    public IReadOnlyList<double[]> Parameters => [Rgb.Weights, Rgb.Biases, Flow.Weights, Flow.Biases];

    public static TwoStreamLinearModel Seeded(int classes, int features, int seed)
    {
        var random = new Random(seed);
        return new TwoStreamLinearModel(LinearLayer.Seeded(classes, features, random), LinearLayer.Seeded(classes, features, random));
    }

    public TwoStreamLinearModel Clone() => new(Rgb.Clone(), Flow.Clone());

    public double[] Logits(TrainingSample sample, StreamChoice choice)
    {
        var logits = new double[Rgb.Classes];
        if (choice != StreamChoice.Flow)
        {
            Rgb.AddLogits(sample.Rgb, logits);
        }
        if (choice != StreamChoice.Rgb)
        {
            Flow.AddLogits(sample.Flow, logits);
        }
        return logits;
    }

    /// <summary>The regularised loss of one sample; fills <paramref name="gradients"/> (shaped like <see cref="Parameters"/>).</summary>
    public double LossAndGradient(TrainingSample sample, double l2, IReadOnlyList<double[]> gradients)
    {
        var logitGradient = new double[Rgb.Classes];
        var loss = SoftmaxCrossEntropy.LossAndGradient(Logits(sample, StreamChoice.Fused), sample.Label, logitGradient);
        Rgb.Gradient(sample.Rgb, logitGradient, l2, gradients[0], gradients[1]);
        Flow.Gradient(sample.Flow, logitGradient, l2, gradients[2], gradients[3]);
        return loss + l2 * (Rgb.HalfSquaredNorm() + Flow.HalfSquaredNorm());
    }

    /// <summary>Mean cross-entropy (without the L2 term) and accuracy of the fused logits.</summary>
    public (double Loss, double Accuracy) Measure(IReadOnlyList<TrainingSample> samples)
    {
        if (samples.Count == 0)
        {
            return (double.NaN, double.NaN);
        }
        var scratch = new double[Rgb.Classes];
        double loss = 0, correct = 0;
        foreach (var sample in samples)
        {
            var logits = Logits(sample, StreamChoice.Fused);
            loss += SoftmaxCrossEntropy.LossAndGradient(logits, sample.Label, scratch);
            correct += SoftmaxCrossEntropy.ArgMax(logits) == sample.Label ? 1 : 0;
        }
        return (loss / samples.Count, correct / samples.Count);
    }
}
