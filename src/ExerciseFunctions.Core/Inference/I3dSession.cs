namespace ExerciseFunctions.Core.Inference;

/// <summary>One stream's scores for one window.</summary>
public sealed record StreamOutput(float[] Logits, float[] Features);

/// <summary>One ONNX Runtime session for one I3D stream; create once per process and reuse (thread-safe Run).</summary>
public sealed class I3dSession : IDisposable
{
    public static I3dSession Open(string onnxPath, InferenceOptions options) => throw new NotImplementedException();

    /// <summary>3 for RGB, 2 for flow.</summary>
    public int Channels => throw new NotImplementedException();

    /// <summary>The device the session actually runs on (CUDA falls back to CPU when unavailable).</summary>
    public InferenceDevice Device => throw new NotImplementedException();

    /// <summary>Scores one clip, NTHWC [1, frames, 224, 224, Channels].</summary>
    public StreamOutput Run(float[] clip, int frames) => throw new NotImplementedException();

    public void Dispose() => throw new NotImplementedException();
}
