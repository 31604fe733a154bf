namespace ExerciseFunctions.Runtime.Inference;

public enum InferenceDevice { Cpu, Cuda }

public sealed record InferenceOptions
{
    public InferenceDevice Device { get; init; } = InferenceDevice.Cpu;

    /// <summary>Intra-op threads (0 = ONNX Runtime's choice: one per core).</summary>
    public int Threads { get; init; }

    /// <summary>Frames per window scored by the network; longer videos are scored in windows whose logits are averaged.</summary>
    public int WindowFrames { get; init; } = 64;

    /// <summary>Step between window starts.</summary>
    public int WindowStride { get; init; } = 64;

    public double RgbWeight { get; init; } = 1.0;
    public double FlowWeight { get; init; } = 1.0;
}
