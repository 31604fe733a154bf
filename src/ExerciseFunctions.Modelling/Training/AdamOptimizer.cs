namespace ExerciseFunctions.Modelling.Training;

/// <summary>
/// Adam in TensorFlow's form (Kingma &amp; Ba, section 2, with epsilon added to sqrt(v)):
/// lr_t = lr * sqrt(1 - b2^t) / (1 - b1^t); p -= lr_t * m / (sqrt(v) + eps). Updates the parameter arrays in place.
/// </summary>
internal sealed class AdamOptimizer(IReadOnlyList<double[]> parameters, double learningRate, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
{
    private readonly double[][] firstMoments = parameters.Select(p => new double[p.Length]).ToArray();
    private readonly double[][] secondMoments = parameters.Select(p => new double[p.Length]).ToArray();
    private int step;

    public void Step(IReadOnlyList<double[]> gradients)
    {
        step++;
        var rate = learningRate * Math.Sqrt(1 - Math.Pow(beta2, step)) / (1 - Math.Pow(beta1, step));
        for (var p = 0; p < parameters.Count; p++)
        {
            var (values, gradient, m, v) = (parameters[p], gradients[p], firstMoments[p], secondMoments[p]);
            for (var i = 0; i < values.Length; i++)
            {
                m[i] = beta1 * m[i] + (1 - beta1) * gradient[i];
                v[i] = beta2 * v[i] + (1 - beta2) * gradient[i] * gradient[i];
                values[i] -= rate * m[i] / (Math.Sqrt(v[i]) + epsilon);
            }
        }
    }
}
