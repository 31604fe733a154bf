using ExerciseFunctions.Runtime.Flow;
using ExerciseFunctions.Runtime.Tensors;
using ExerciseFunctions.Runtime.Video;

namespace ExerciseFunctions.Runtime.Tests.Tensors;

public class TensorFileTests
{
    private static readonly TensorChunkHeader Header = new(FirstFrame: 64, FrameCount: 3, Fps: 25);

    private static List<byte[]> SeededFrames(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            var frame = new byte[FramePreprocessor.FrameLength];
            random.NextBytes(frame);
            return frame;
        }).ToList();
    }

    private static List<float[]> SeededFlow(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count)
            .Select(_ => Enumerable.Range(0, OpticalFlowComputer.FlowLength).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray())
            .ToList();
    }

    private static byte[] FramesFile(IReadOnlyList<byte[]> frames, TensorChunkHeader header)
    {
        using var stream = new MemoryStream();
        TensorFile.WriteFrames(stream, frames, header);
        return stream.ToArray();
    }

    [Fact]
    public void Frames_round_trip_exactly()
    {
        var frames = SeededFrames(3, seed: 1);

        var (header, read) = TensorFile.ReadFrames(new MemoryStream(FramesFile(frames, Header)));

        Assert.Equal(Header, header);
        Assert.Equal(frames, read);
    }

    [Fact]
    public void File_is_compact()
    {
        Assert.True(FramesFile(SeededFrames(3, 2), Header).Length < 3 * FramePreprocessor.FrameLength + 64);
    }

    [Fact]
    public void Flow_round_trips_within_the_documented_error_bound()
    {
        var flow = SeededFlow(3, seed: 3);
        flow[0][0] = 1f;
        flow[0][1] = -1f;
        flow[0][2] = 0f;
        using var stream = new MemoryStream();

        TensorFile.WriteFlow(stream, flow, Header);
        Assert.True(stream.Length < 3 * OpticalFlowComputer.FlowLength + 64, "Flow takes one byte per value");
        stream.Position = 0;
        var (header, read) = TensorFile.ReadFlow(stream);

        Assert.Equal(Header, header);
        var largestError = flow.Zip(read, (a, b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Max()).Max();
        Assert.InRange(largestError, 0.5 * FlowQuantisation.ErrorBound, FlowQuantisation.ErrorBound + 1e-6);
        Assert.Equal([1f, -1f, 0f], read[0][..3]);
    }

    [Fact]
    public void Truncated_files_are_refused()
    {
        var file = FramesFile(SeededFrames(3, 4), Header);

        var inHeader = Assert.Throws<InvalidTensorFileException>(() => TensorFile.ReadFrames(new MemoryStream(file[..20])));
        var inPayload = Assert.Throws<InvalidTensorFileException>(() => TensorFile.ReadFrames(new MemoryStream(file[..^100])));

        Assert.StartsWith("Truncated tensor file", inHeader.Message);
        Assert.StartsWith("Truncated tensor file", inPayload.Message);
    }

    [Fact]
    public void Truncation_is_found_on_streams_that_cannot_seek()
    {
        var file = FramesFile(SeededFrames(3, 4), Header);
        var error = Assert.Throws<InvalidTensorFileException>(() => TensorFile.ReadFrames(new NonSeekableStream(file[..^1])));
        Assert.Equal($"Truncated tensor file: {3 * FramePreprocessor.FrameLength - 1} of the {3 * FramePreprocessor.FrameLength} payload bytes.", error.Message);
    }

    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }

    [Fact]
    public void Foreign_files_are_refused()
    {
        var text = "{\"frames\": [1, 2, 3], \"padding\": \"...................................\"}"u8.ToArray();
        var error = Assert.Throws<InvalidTensorFileException>(() => TensorFile.ReadFrames(new MemoryStream(text)));
        Assert.Contains("magic", error.Message);
    }

    [Fact]
    public void Corrupt_payload_fails_the_checksum()
    {
        var file = FramesFile(SeededFrames(3, 5), Header);
        file[^1000] ^= 0x40;
        var error = Assert.Throws<InvalidTensorFileException>(() => TensorFile.ReadFrames(new MemoryStream(file)));
        Assert.Contains("checksum", error.Message);
    }

    [Fact]
    public void Frames_are_not_read_as_flow()
    {
        var file = FramesFile(SeededFrames(3, 6), Header);
        var error = Assert.Throws<InvalidTensorFileException>(() => TensorFile.ReadFlow(new MemoryStream(file)));
        Assert.Equal("The tensor file holds frames (uint8), not optical flow (int8).", error.Message);
    }

    [Fact]
    public void Other_versions_are_refused()
    {
        var file = FramesFile(SeededFrames(1, 7), Header with { FrameCount = 1 });
        file[4] = 9;
        var error = Assert.Throws<InvalidTensorFileException>(() => TensorFile.ReadFrames(new MemoryStream(file)));
        Assert.Contains("version 9", error.Message);
    }

    [Fact]
    public void Header_and_frame_count_must_agree()
    {
        using var stream = new MemoryStream();
        Assert.Throws<ArgumentException>(() => TensorFile.WriteFrames(stream, SeededFrames(2, 8), Header));
    }
}
