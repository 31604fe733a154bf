namespace ExerciseFunctions.Runtime.Classification;

/// <summary>What the two-stream network says about one video.</summary>
public sealed record ClassificationResult(
    string Label,
    double Confidence,
    IReadOnlyDictionary<string, double> Probabilities,
    float[] RgbLogits,
    float[] FlowLogits,
    int Frames,
    double Fps,
    double DurationSeconds,
    IReadOnlyDictionary<string, double> TimingsMs);
