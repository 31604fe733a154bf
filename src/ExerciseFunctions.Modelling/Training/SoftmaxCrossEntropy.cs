namespace ExerciseFunctions.Modelling.Training;

internal static class SoftmaxCrossEntropy
{
    /// <summary>
    /// -log softmax(logits)[label]; writes dLoss/dLogits = softmax(logits) - onehot(label) into <paramref name="gradient"/>.
    /// </summary>
    public static double LossAndGradient(ReadOnlySpan<double> logits, int label, Span<double> gradient)
    {
        var max = double.NegativeInfinity;
        foreach (var z in logits)
        {
            max = Math.Max(max, z);
        }
        var sum = 0.0;
        for (var k = 0; k < logits.Length; k++)
        {
            gradient[k] = Math.Exp(logits[k] - max);
            sum += gradient[k];
        }
        for (var k = 0; k < logits.Length; k++)
        {
            gradient[k] /= sum;
        }
        var loss = -(logits[label] - max - Math.Log(sum));
        gradient[label] -= 1.0;
        return loss;
    }

    public static int ArgMax(ReadOnlySpan<double> values)
    {
        var best = 0;
        for (var k = 1; k < values.Length; k++)
        {
            if (values[k] > values[best])
            {
                best = k;
            }
        }
        return best;
    }
}
