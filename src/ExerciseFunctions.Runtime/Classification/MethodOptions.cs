using ExerciseFunctions.Runtime.Flow;
using ExerciseFunctions.Runtime.Models;
using ExerciseFunctions.Runtime.Video;

namespace ExerciseFunctions.Runtime.Classification;

/// <summary>
/// How a video becomes network inputs and one decision: the same for <c>classify</c>, training's features and the
/// durable pipeline. <see cref="FlowChunkFrames"/> only shapes the work (results do not depend on it).
/// </summary>
public sealed record MethodOptions
{
    public static MethodOptions Default { get; } = new();

    public VideoReadOptions Video { get; init; } = new();

    /// <summary>Frames per window scored by the network; longer videos are scored in windows whose logits are averaged.</summary>
    public int WindowFrames { get; init; } = 64;

    /// <summary>Step between window starts.</summary>
    public int WindowStride { get; init; } = 64;

    /// <summary>Frames per flow chunk: one flow activity per chunk in the pipeline, one flow task per chunk in-process.</summary>
    public int FlowChunkFrames { get; init; } = 32;

    public FlowAlgorithm Flow { get; init; } = FlowAlgorithm.Farneback;

    /// <summary>Everything that changes the network's inputs: part of the feature cache key.</summary>
    public string Key =>
        $"fps={Video.TargetFps};window={WindowFrames};stride={WindowStride};flow={Flow};flowLevels={FlowQuantisation.Scale}{ReferencePreprocessingKey}";

    /// <summary>These options as a model that declares <paramref name="preprocessing"/> reads videos.</summary>
    public MethodOptions For(ModelPreprocessing preprocessing) => this with { Video = preprocessing.Apply(Video) };

    /// <summary>Only what differs from the defaults, so keys (and feature caches) made before these settings stay valid.</summary>
    private string ReferencePreprocessingKey =>
        (Video.Sampling == FrameSampling.Source ? ";frames=source" : "") + (Video.ChannelOrder == ChannelOrder.Bgr ? ";channels=bgr" : "");
}
