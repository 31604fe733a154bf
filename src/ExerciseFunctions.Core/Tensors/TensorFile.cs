namespace ExerciseFunctions.Core.Tensors;

/// <summary>A truncated, corrupt or foreign tensor file.</summary>
public sealed class InvalidTensorFileException(string message) : Exception(message);

/// <summary>Header of a chunk of frames or flow: which frames of the sampled video it holds, at what rate.</summary>
public sealed record TensorChunkHeader(int FirstFrame, int FrameCount, double Fps);

/// <summary>
/// Compact, versioned file of frames (uint8) or flow (quantised) passed between pipeline steps through blobs.
/// </summary>
public static class TensorFile
{
    public static void WriteFrames(Stream output, IReadOnlyList<byte[]> frames, TensorChunkHeader header) => throw new NotImplementedException();

    public static void WriteFlow(Stream output, IReadOnlyList<float[]> flow, TensorChunkHeader header) => throw new NotImplementedException();

    public static (TensorChunkHeader Header, IReadOnlyList<byte[]> Frames) ReadFrames(Stream input) => throw new NotImplementedException();

    public static (TensorChunkHeader Header, IReadOnlyList<float[]> Flow) ReadFlow(Stream input) => throw new NotImplementedException();
}
