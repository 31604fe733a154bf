using ExerciseFunctions.Modelling.Evaluation;
using ExerciseFunctions.Runtime.I3d;

namespace ExerciseFunctions.Modelling.Training;

internal static class StreamHeadMath
{
    /// <summary>W x + b: what the ONNX logits layer computes on pooled features.</summary>
    public static float[] Logits(this StreamHead head, float[] features)
    {
        var logits = new float[head.Classes];
        for (var k = 0; k < head.Classes; k++)
        {
            double sum = head.Biases[k];
            for (var j = 0; j < features.Length; j++)
            {
                sum += (double)head.Weights[k * features.Length + j] * features[j];
            }
            logits[k] = (float)sum;
        }
        return logits;
    }

    public static ScoredVideo Score(this TwoStreamHead head, FeatureExample example) =>
        new(example.Label, head.Rgb.Logits(example.Rgb), head.Flow.Logits(example.Flow));
}
