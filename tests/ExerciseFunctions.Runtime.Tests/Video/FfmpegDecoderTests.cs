using System.Diagnostics;
using ExerciseFunctions.Modelling.Synthesis;
using ExerciseFunctions.Runtime.Video;
using ExerciseFunctions.Testing;
using OpenCvSharp;

namespace ExerciseFunctions.Runtime.Tests.Video;

/// <summary>The ffmpeg command as decoder (<see cref="VideoDecoder.Ffmpeg"/>) against OpenCV's bundled FFmpeg, on real encoded files.</summary>
public sealed class FfmpegDecoderTests : IDisposable
{
    private static readonly VideoReadOptions ThroughFfmpeg = new() { Decoder = VideoDecoder.Ffmpeg };
    private static readonly VideoReadOptions ThroughOpenCv = new() { Decoder = VideoDecoder.OpenCv };

    // Decoder noise: both decode the same bitstream bit-exactly; what may differ is the colour conversion of two FFmpeg versions.
    private const double MaxMeanDifference = 1.0;

    private readonly GeneratedVideoDirectory videos = new();

    public void Dispose() => videos.Dispose();

    /// <summary>
    /// Textured frames (seeded noise, smoothed as a lens would, under the quadrant pattern), so that the resize
    /// filter, the channel order, the crop position and the rotation all show in the pixels.
    /// </summary>
    [Theory]
    [InlineData(VideoCodec.H264, 960, 540, 0, 30.0)]
    [InlineData(VideoCodec.H264, 540, 960, 90, 30.0)]
    [InlineData(VideoCodec.Hevc, 960, 540, 0, 24.0)]
    [InlineData(VideoCodec.Hevc, 540, 960, 90, 30.0)]
    [InlineData(VideoCodec.Hevc, 540, 960, 270, 30.0)]
    [InlineData(VideoCodec.Mp4v, 960, 540, 0, 30.0)]
    [InlineData(VideoCodec.Mp4v, 540, 960, 90, 30.0)]
    public void Frames_equal_the_OpenCV_readers_within_decoder_noise(VideoCodec codec, int width, int height, int rotation, double fps)
    {
        var path = videos.Write($"{codec}-{width}x{height}-{rotation}.mov", Textured(width, height, fps, rotation, codec));

        AssertSameAsOpenCv(path);
    }

    /// <summary>Phones tag HD video BT.709; OpenCV converts it as BT.601 regardless, and the ffmpeg reader must do the same.</summary>
    [Fact]
    public void A_BT709_tagged_stream_converts_as_the_OpenCV_reader_does()
    {
        var plain = videos.Write("plain.mp4", Textured(640, 360, 30, 0, VideoCodec.H264));
        var tagged = videos.File("bt709.mp4");
        RunFfmpeg("-i", plain, "-c", "copy", "-bsf:v", "h264_metadata=matrix_coefficients=1:colour_primaries=1:transfer_characteristics=1", tagged);

        AssertSameAsOpenCv(tagged);
    }

    [Fact]
    public void Auto_reads_through_ffmpeg_when_the_command_is_on_the_path()
    {
        var path = videos.Write("auto.mp4", new VideoSpec(320, 240, 25, 15));

        using var auto = VideoClipReader.Open(path, new VideoReadOptions());
        using var openCv = VideoClipReader.Open(path, ThroughOpenCv);

        Assert.Equal((VideoDecoder.Ffmpeg, "ffmpeg"), (auto.Decoder, auto.DecoderName));
        Assert.Equal((VideoDecoder.OpenCv, "opencv"), (openCv.Decoder, openCv.DecoderName));
    }

    [Fact]
    public void Frames_stream_as_they_are_decoded_and_an_early_dispose_stops_ffmpeg()
    {
        var path = videos.Write("stream-early.mp4", new VideoSpec(320, 240, 25, 750));
        var reader = VideoClipReader.Open(path, ThroughFfmpeg);

        var frames = reader.ReadFrames().GetEnumerator();
        var firstThree = frames.MoveNext() && frames.MoveNext() && frames.MoveNext();
        var runningWhileReading = FfmpegProcessesReading(path);
        reader.Dispose();

        Assert.True(firstThree);
        Assert.Single(runningWhileReading);
        Assert.Empty(FfmpegProcessesReading(path));
    }

    /// <summary>The stall timeout counts only time spent waiting for ffmpeg, not the consumer's time between frames.</summary>
    [Fact]
    public void A_slow_consumer_is_not_taken_for_a_stalled_decoder()
    {
        var path = videos.Write("slow-consumer.mp4", new VideoSpec(320, 240, 25, 20));
        using var reader = VideoClipReader.Open(path, ThroughFfmpeg with { DecoderStallTimeout = TimeSpan.FromSeconds(1) });

        var frames = reader.ReadFrames().Select((frame, index) =>
        {
            if (index == 2)
                Thread.Sleep(TimeSpan.FromSeconds(2.5));
            return frame;
        }).ToList();

        Assert.Equal(20, frames.Count);
    }

    [Fact]
    public void A_video_whose_frames_are_garbage_is_refused_with_a_clear_message()
    {
        var path = videos.Write("garbage.mp4", new VideoSpec(320, 240, 25, 50) { Codec = VideoCodec.H264 });
        ScrambleMediaData(path);
        using var reader = VideoClipReader.Open(path, ThroughFfmpeg);

        var error = Assert.Throws<InvalidVideoException>(() => reader.ReadFrames().ToList());

        Assert.Matches("^'garbage.mp4' (could not be decoded: ffmpeg exited with code [1-9]|contains no decodable frames)", error.Message);
    }

    private static void AssertSameAsOpenCv(string path)
    {
        var (expected, expectedStatistics) = Read(path, ThroughOpenCv);
        var (actual, actualStatistics) = Read(path, ThroughFfmpeg);

        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expectedStatistics.DecodedFrames, actualStatistics.DecodedFrames);
        Assert.Equal(expectedStatistics.SampledFrames, actualStatistics.SampledFrames);
        Assert.Equal(expectedStatistics.DurationSeconds, actualStatistics.DurationSeconds, 1e-6);
        var differences = expected.Zip(actual, MeanAbsoluteDifference).ToList();
        Assert.True(differences.Max() <= MaxMeanDifference,
            $"Mean absolute difference per frame up to {differences.Max():0.000} grey levels (frame {differences.IndexOf(differences.Max())}).");
    }

    private static (List<byte[]> Frames, ClipStatistics Statistics) Read(string path, VideoReadOptions options)
    {
        using var reader = VideoClipReader.Open(path, options);
        var frames = reader.ReadFrames().ToList();
        Assert.Equal(options.Decoder, reader.Decoder);
        return (frames, reader.Statistics);
    }

    private static double MeanAbsoluteDifference(byte[] a, byte[] b)
    {
        long sum = 0;
        for (var i = 0; i < a.Length; i++)
            sum += Math.Abs(a[i] - b[i]);
        return (double)sum / a.Length;
    }

    private static VideoSpec Textured(int width, int height, double fps, int rotation, VideoCodec codec)
    {
        var texture = FramePreprocessorTests.SeededTexture(width * 2, height, seed: width + rotation);
        return new VideoSpec(width, height, fps, (int)Math.Round(fps * 1.2))
        {
            Codec = codec,
            RotationDegrees = rotation,
            Draw = (frame, index) =>
            {
                GeneratedVideos.DrawPattern(frame, index);
                using var moving = texture[new Rect(index * 7 % width, 0, width, height)];
                Cv2.AddWeighted(frame, 0.6, moving, 0.4, 0, frame);
            },
        };
    }

    /// <summary>Overwrites the coded frames (the payload of the mdat box) with seeded bytes; the header stays intact.</summary>
    private static void ScrambleMediaData(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var mdat = bytes.AsSpan().IndexOf("mdat"u8);
        var end = mdat - 4 + (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(mdat - 4));
        new Random(15).NextBytes(bytes.AsSpan(mdat + 4, end - mdat - 4));
        File.WriteAllBytes(path, bytes);
    }

    private static List<int> FfmpegProcessesReading(string path) =>
        Directory.EnumerateDirectories("/proc")
            .Select(folder => int.TryParse(Path.GetFileName(folder), out var id) ? id : 0)
            .Where(id => id > 0 && CommandLine(id) is { } line && line.Contains("ffmpeg") && line.Contains("-noautorotate") && line.Contains(path))
            .ToList();

    private static string? CommandLine(int processId)
    {
        try
        {
            return File.ReadAllText($"/proc/{processId}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static void RunFfmpeg(params string[] arguments)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true };
        foreach (var argument in (string[])["-v", "error", "-y", .. arguments])
            start.ArgumentList.Add(argument);
        using var ffmpeg = Process.Start(start)!;
        var errors = ffmpeg.StandardError.ReadToEnd();
        ffmpeg.WaitForExit();
        Assert.True(ffmpeg.ExitCode == 0, errors);
    }
}
