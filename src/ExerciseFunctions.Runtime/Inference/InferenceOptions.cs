namespace ExerciseFunctions.Runtime.Inference;

public enum InferenceDevice { Cpu, Cuda }

/// <summary>Where and how ONNX Runtime runs the I3D sessions.</summary>
public sealed record InferenceOptions
{
    public InferenceDevice Device { get; init; } = InferenceDevice.Cpu;

    /// <summary>Intra-op threads (0 = ONNX Runtime's choice: one per core).</summary>
    public int Threads { get; init; }
}
