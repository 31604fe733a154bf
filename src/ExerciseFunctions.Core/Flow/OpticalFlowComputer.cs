namespace ExerciseFunctions.Core.Flow;

/// <summary>Dense optical flow of 224x224 RGB frames, clipped to [-20, 20] and divided by 20.</summary>
public sealed class OpticalFlowComputer(FlowAlgorithm algorithm)
{
    public const int Channels = 2;

    public FlowAlgorithm Algorithm { get; } = algorithm;

    /// <summary>
    /// One float[224*224*2] (x then y, HWC) per frame: entry i is the flow from frame i-1 to frame i; entry 0 uses
    /// <paramref name="previousFrame"/> (the frame before this chunk), or is zero when the chunk starts the video.
    /// </summary>
    public IReadOnlyList<float[]> Compute(IReadOnlyList<byte[]> frames, byte[]? previousFrame) => throw new NotImplementedException();
}
