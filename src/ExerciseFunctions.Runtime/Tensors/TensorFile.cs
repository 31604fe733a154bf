using System.IO.Hashing;
using System.Text;
using ExerciseFunctions.Runtime.Flow;
using ExerciseFunctions.Runtime.Video;

namespace ExerciseFunctions.Runtime.Tensors;

/// <summary>A truncated, corrupt or foreign tensor file.</summary>
public sealed class InvalidTensorFileException(string message) : Exception(message);

/// <summary>Header of a chunk of frames or flow: which frames of the sampled video it holds, at what rate.</summary>
public sealed record TensorChunkHeader(int FirstFrame, int FrameCount, double Fps);

/// <summary>
/// Compact, versioned file of frames (uint8) or flow (quantised) passed between pipeline steps through blobs.
/// </summary>
/// <remarks>
/// Layout (little endian): magic "EFTN", version (uint16), element type (uint8: 1 = uint8 frames, 2 = int8 flow),
/// reserved (uint8), shape T, H, W, C (int32 each), fps (float64), first frame (int32), payload length (int64),
/// CRC-32 of the payload (uint32), then the payload, T x H x W x C elements (HWC per frame).
/// <para>
/// Flow is stored as its <see cref="FlowQuantisation"/> level in an int8: half the size of float16. Flow the method
/// already rounded to that grid reads back exactly; any other value within half a step (0.079 px before scaling).
/// </para>
/// </remarks>
public static class TensorFile
{
    public const ushort Version = 1;
    private static readonly byte[] Magic = "EFTN"u8.ToArray();
    private const int HeaderLength = 4 + 2 + 1 + 1 + 4 * 4 + 8 + 4 + 8 + 4;

    private enum ElementType : byte
    {
        Frames = 1,
        QuantisedFlow = 2,
    }

    public static void WriteFrames(Stream output, IReadOnlyList<byte[]> frames, TensorChunkHeader header)
    {
        var payload = new byte[checked(frames.Count * FramePreprocessor.FrameLength)];
        for (var t = 0; t < frames.Count; t++)
        {
            RequireLength(frames[t].Length, FramePreprocessor.FrameLength, t);
            frames[t].CopyTo(payload, t * FramePreprocessor.FrameLength);
        }
        Write(output, ElementType.Frames, FramePreprocessor.Channels, frames.Count, header, payload);
    }

    public static void WriteFlow(Stream output, IReadOnlyList<float[]> flow, TensorChunkHeader header)
    {
        var payload = new byte[checked(flow.Count * OpticalFlowComputer.FlowLength)];
        for (var t = 0; t < flow.Count; t++)
        {
            RequireLength(flow[t].Length, OpticalFlowComputer.FlowLength, t);
            var offset = t * OpticalFlowComputer.FlowLength;
            for (var i = 0; i < flow[t].Length; i++)
                payload[offset + i] = (byte)FlowQuantisation.ToLevel(flow[t][i]);
        }
        Write(output, ElementType.QuantisedFlow, OpticalFlowComputer.Channels, flow.Count, header, payload);
    }

    public static (TensorChunkHeader Header, IReadOnlyList<byte[]> Frames) ReadFrames(Stream input)
    {
        var (header, payload) = Read(input, ElementType.Frames, FramePreprocessor.Channels);
        var frames = new byte[header.FrameCount][];
        for (var t = 0; t < frames.Length; t++)
            frames[t] = payload.AsSpan(t * FramePreprocessor.FrameLength, FramePreprocessor.FrameLength).ToArray();
        return (header, frames);
    }

    public static (TensorChunkHeader Header, IReadOnlyList<float[]> Flow) ReadFlow(Stream input)
    {
        var (header, payload) = Read(input, ElementType.QuantisedFlow, OpticalFlowComputer.Channels);
        var flow = new float[header.FrameCount][];
        for (var t = 0; t < flow.Length; t++)
        {
            var values = new float[OpticalFlowComputer.FlowLength];
            var offset = t * OpticalFlowComputer.FlowLength;
            for (var i = 0; i < values.Length; i++)
                values[i] = FlowQuantisation.ToValue((sbyte)payload[offset + i]);
            flow[t] = values;
        }
        return (header, flow);
    }

    private static void RequireLength(int actual, int expected, int index)
    {
        if (actual != expected)
            throw new ArgumentException($"Entry {index} has {actual} elements; expected {expected} (224x224 per frame).");
    }

    private static void Write(Stream output, ElementType type, int channels, int count, TensorChunkHeader header, byte[] payload)
    {
        if (count != header.FrameCount)
            throw new ArgumentException($"The header says {header.FrameCount} frames but {count} were given.", nameof(header));
        using var writer = new BinaryWriter(output, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(Version);
        writer.Write((byte)type);
        writer.Write((byte)0);
        writer.Write(count);
        writer.Write(FramePreprocessor.CropSize);
        writer.Write(FramePreprocessor.CropSize);
        writer.Write(channels);
        writer.Write(header.Fps);
        writer.Write(header.FirstFrame);
        writer.Write((long)payload.Length);
        writer.Write(Crc32.HashToUInt32(payload));
        writer.Write(payload);
    }

    private static (TensorChunkHeader Header, byte[] Payload) Read(Stream input, ElementType expectedType, int expectedChannels)
    {
        var headerBytes = new byte[HeaderLength];
        var headerRead = input.ReadAtLeast(headerBytes, HeaderLength, throwOnEndOfStream: false);
        if (headerRead >= Magic.Length && !headerBytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new InvalidTensorFileException("Not a tensor file: the magic number 'EFTN' is missing.");
        if (headerRead < HeaderLength)
            throw new InvalidTensorFileException($"Truncated tensor file: {headerRead} of the {HeaderLength} header bytes.");

        using var reader = new BinaryReader(new MemoryStream(headerBytes, Magic.Length, HeaderLength - Magic.Length));
        var version = reader.ReadUInt16();
        if (version != Version)
            throw new InvalidTensorFileException($"Unsupported tensor file version {version} (this build reads version {Version}).");
        var type = (ElementType)reader.ReadByte();
        if (type != expectedType)
            throw new InvalidTensorFileException($"The tensor file holds {Describe(type)}, not {Describe(expectedType)}.");
        reader.ReadByte();
        var (count, height, width, channels) = (reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32());
        var fps = reader.ReadDouble();
        var firstFrame = reader.ReadInt32();
        var payloadLength = reader.ReadInt64();
        var checksum = reader.ReadUInt32();

        if (count < 0 || height != FramePreprocessor.CropSize || width != FramePreprocessor.CropSize || channels != expectedChannels
            || payloadLength != (long)count * height * width * channels)
            throw new InvalidTensorFileException($"Corrupt tensor file: shape {count}x{height}x{width}x{channels} with a {payloadLength}-byte payload.");

        if (input.CanSeek && payloadLength > input.Length - input.Position)
            throw new InvalidTensorFileException($"Truncated tensor file: {input.Length - input.Position} of the {payloadLength} payload bytes.");
        var payload = new byte[payloadLength];
        var payloadRead = input.ReadAtLeast(payload, payload.Length, throwOnEndOfStream: false);
        if (payloadRead < payload.Length)
            throw new InvalidTensorFileException($"Truncated tensor file: {payloadRead} of the {payloadLength} payload bytes.");
        if (Crc32.HashToUInt32(payload) != checksum)
            throw new InvalidTensorFileException("Corrupt tensor file: the payload checksum does not match.");
        return (new TensorChunkHeader(firstFrame, count, fps), payload);
    }

    private static string Describe(ElementType type) => type switch
    {
        ElementType.Frames => "frames (uint8)",
        ElementType.QuantisedFlow => "optical flow (int8)",
        _ => $"an unknown element type ({(byte)type})",
    };
}
