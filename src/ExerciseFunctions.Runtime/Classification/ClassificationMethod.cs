using ExerciseFunctions.Runtime.Flow;
using ExerciseFunctions.Runtime.Inference;
using ExerciseFunctions.Runtime.Models;

namespace ExerciseFunctions.Runtime.Classification;

/// <summary>
/// What the two-stream network says about one video: the fused decision, each stream's averaged logits, and whether
/// the clip shows an exercise at all (when not, <see cref="Label"/> is still the most probable exercise).
/// </summary>
public sealed record Verdict(
    string Label,
    double Confidence,
    IReadOnlyDictionary<string, double> Probabilities,
    float[] RgbLogits,
    float[] FlowLogits,
    bool Recognized);

/// <summary>
/// The pure steps of the method shared by every path that classifies besides the window plan
/// (<see cref="ClipWindows"/>) and the clip of each stream (<see cref="TwoStreamModel"/>): flow of one chunk and the
/// decision. <see cref="VideoScorer"/> runs them in one process; the durable pipeline runs them in activities and
/// its orchestrator.
/// </summary>
public static class ClassificationMethod
{
    /// <summary>
    /// Flow of one chunk of frames, rounded to the 8-bit grid (<see cref="FlowQuantisation"/>); entry 0 pairs with
    /// <paramref name="previousFrame"/>, the last frame of the chunk before (null: the chunk starts the video, zero flow).
    /// </summary>
    public static IReadOnlyList<float[]> FlowOfChunk(OpticalFlowComputer flow, IReadOnlyList<byte[]> frames, byte[]? previousFrame)
    {
        var fields = flow.Compute(frames, previousFrame);
        foreach (var field in fields)
        {
            FlowQuantisation.Round(field);
        }
        return fields;
    }

    /// <summary>
    /// The paper's fusion: the two streams' window-averaged logits summed (any stream weighting is folded into the
    /// trained head), a softmax, and the most probable class (ties: the first label); the model's rejector, when it
    /// has one, judges from the window-averaged features and logits whether the clip is an exercise at all.
    /// </summary>
    public static Verdict Decide(IReadOnlyList<string> labels, NoveltyRejector? rejector, StreamScores rgb, StreamScores flow)
    {
        var (rgbLogits, flowLogits) = (rgb.Logits, flow.Logits);
        if (rgbLogits.Length != labels.Count)
        {
            throw new ArgumentException($"The model has {labels.Count} labels but {rgbLogits.Length} logits.", nameof(rgbLogits));
        }
        var probabilities = LogitFusion.Softmax(LogitFusion.Sum(rgbLogits, flowLogits));
        var best = LogitFusion.TopK(probabilities, 1)[0];
        return new Verdict(
            labels[best],
            probabilities[best],
            labels.Zip(probabilities).ToDictionary(p => p.First, p => p.Second),
            rgbLogits,
            flowLogits,
            rejector?.Recognizes(rgb.Features, flow.Features, rgbLogits, flowLogits) ?? true);
    }
}
