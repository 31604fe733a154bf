using System.Buffers.Binary;
using ExerciseFunctions.Modelling.Synthesis;
using ExerciseFunctions.Runtime.Video;
using ExerciseFunctions.Testing;

namespace ExerciseFunctions.Runtime.Tests.Video;

public sealed class VideoClipReaderTests : IDisposable
{
    private readonly GeneratedVideoDirectory videos = new();
    private static readonly VideoReadOptions Defaults = new();

    public void Dispose() => videos.Dispose();

    private static List<byte[]> ReadAll(string path, VideoReadOptions? options = null)
    {
        using var reader = VideoClipReader.Open(path, options ?? Defaults);
        return reader.ReadFrames().ToList();
    }

    [Theory]
    [InlineData("clip30.mp4", 30, 60, 50)]
    [InlineData("clip60.avi", 60, 120, 50)]
    [InlineData("clip25.mkv", 25, 40, 40)]
    [InlineData("clip30long.mp4", 30, 90, 75)]
    [InlineData("clip10.mp4", 10, 20, 50)]
    public void Frames_are_resampled_to_25_fps_by_timestamp(string name, double fps, int sourceFrames, int expectedFrames)
    {
        var path = videos.Write(name, new VideoSpec(320, 240, fps, sourceFrames));
        using var reader = VideoClipReader.Open(path, Defaults);

        var frames = reader.ReadFrames().ToList();

        Assert.Equal(expectedFrames, frames.Count);
        Assert.All(frames, frame => Assert.Equal(FramePreprocessor.FrameLength, frame.Length));
        Assert.Equal(sourceFrames, reader.Statistics.DecodedFrames);
        Assert.Equal(expectedFrames, reader.Statistics.SampledFrames);
        Assert.Equal(sourceFrames / fps, reader.Statistics.DurationSeconds, 0.01);
    }

    [Theory]
    [InlineData(90)]
    [InlineData(180)]
    [InlineData(270)]
    public void Phone_style_rotated_videos_come_out_upright(int rotation)
    {
        var upright = videos.Write("upright.mp4", new VideoSpec(240, 320, 25, 15));
        var rotated = videos.Write($"rotated{rotation}.mp4", new VideoSpec(240, 320, 25, 15) { RotationDegrees = rotation });
        var options = Defaults with { MinDurationSeconds = 0 };

        using var reader = VideoClipReader.Open(rotated, options);
        var rotatedFrames = reader.ReadFrames().ToList();
        var uprightFrames = ReadAll(upright, options);

        Assert.Equal(new VideoSourceInfo(240, 320, rotation, 25, 15, "FMP4"), reader.Source);
        AssertQuadrants(rotatedFrames[0]);
        var meanDifference = rotatedFrames.Zip(uprightFrames, MeanAbsoluteDifference).Max();
        Assert.True(meanDifference < 3, $"Mean difference to the upright video: {meanDifference:0.00}");
    }

    [Fact]
    public void Rotation_tag_of_a_mov_file_is_honoured()
    {
        var path = videos.Write("phone.mov", new VideoSpec(240, 320, 25, 15) { RotationDegrees = 90 });
        using var reader = VideoClipReader.Open(path, Defaults with { MinDurationSeconds = 0 });
        Assert.Equal((240, 320, 90), (reader.Source.Width, reader.Source.Height, reader.Source.RotationDegrees));
        AssertQuadrants(reader.ReadFrames().First());
    }

    [Fact]
    public void Landscape_video_keeps_its_quadrants_in_place()
    {
        var path = videos.Write("landscape.mkv", new VideoSpec(400, 300, 25, 20));
        AssertQuadrants(ReadAll(path)[0]);
    }

    /// <summary>Red top-left, green top-right, blue bottom-left, white bottom-right (RGB order in the output).</summary>
    private static void AssertQuadrants(byte[] frame)
    {
        AssertColour(frame, 20, 20, (255, 0, 0));
        AssertColour(frame, 200, 20, (0, 255, 0));
        AssertColour(frame, 20, 200, (0, 0, 255));
        AssertColour(frame, 200, 200, (255, 255, 255));
    }

    private static void AssertColour(byte[] frame, int x, int y, (int R, int G, int B) expected)
    {
        var i = (y * FramePreprocessor.CropSize + x) * 3;
        var actual = (frame[i], frame[i + 1], frame[i + 2]);
        Assert.True(Math.Abs(actual.Item1 - expected.R) < 40 && Math.Abs(actual.Item2 - expected.G) < 40 && Math.Abs(actual.Item3 - expected.B) < 40,
            $"Pixel ({x},{y}) is {actual}, expected about {expected}");
    }

    private static double MeanAbsoluteDifference(byte[] a, byte[] b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Average();

    [Fact]
    public void A_stream_is_spooled_and_read_like_a_file()
    {
        var path = videos.Write("stream.mp4", new VideoSpec(320, 240, 30, 30));
        using var stream = File.OpenRead(path);

        using var reader = VideoClipReader.Open(stream, Defaults);

        Assert.Equal(25, reader.ReadFrames().Count());
    }

    [Fact]
    public void Missing_file_is_refused()
    {
        var error = Assert.Throws<InvalidVideoException>(() => VideoClipReader.Open(videos.File("nowhere.mp4"), Defaults));
        Assert.Contains("not found", error.Message);
    }

    [Fact]
    public void Empty_file_is_refused()
    {
        var path = videos.File("empty.mp4");
        File.WriteAllBytes(path, []);
        var error = Assert.Throws<InvalidVideoException>(() => VideoClipReader.Open(path, Defaults));
        Assert.Contains("empty", error.Message);
    }

    [Fact]
    public void Text_file_named_mp4_is_refused()
    {
        var path = videos.File("notes.mp4");
        File.WriteAllText(path, "These are not the frames you are looking for.\n");
        var error = Assert.Throws<InvalidVideoException>(() => VideoClipReader.Open(path, Defaults));
        Assert.Contains("not a readable video", error.Message);
    }

    [Fact]
    public void Three_frame_video_is_too_short()
    {
        var path = videos.Write("three.mp4", new VideoSpec(320, 240, 25, 3));
        using var reader = VideoClipReader.Open(path, Defaults);
        var error = Assert.Throws<InvalidVideoException>(() => reader.ReadFrames().ToList());
        Assert.Equal("'three.mp4' is too short: 0.12 s (at least 0.5 s needed).", error.Message);
    }

    [Fact]
    public void Frames_are_counted_by_decoding_when_the_header_under_reports_them()
    {
        var path = WriteAviClaiming("liar.avi", new VideoSpec(160, 120, 25, 30), claimedFrames: 1);
        using var reader = VideoClipReader.Open(path, Defaults);

        var frames = reader.ReadFrames().ToList();

        Assert.Equal(1, reader.Source.HeaderFrameCount);
        Assert.Equal(30, reader.Statistics.DecodedFrames);
        Assert.Equal(30, frames.Count);
    }

    [Fact]
    public void Too_long_video_is_refused_while_decoding_when_the_header_under_reports_it()
    {
        var path = WriteAviClaiming("long-liar.avi", new VideoSpec(160, 120, 25, 75), claimedFrames: 1);
        using var reader = VideoClipReader.Open(path, Defaults with { MaxDurationSeconds = 2 });

        var error = Assert.Throws<InvalidVideoException>(() => reader.ReadFrames().ToList());

        Assert.Contains("too long", error.Message);
    }

    /// <summary>An MJPG .avi whose main header (avih) and stream header (strh) both claim <paramref name="claimedFrames"/>.</summary>
    private string WriteAviClaiming(string name, VideoSpec spec, int claimedFrames)
    {
        var path = videos.Write(name, spec);
        var bytes = File.ReadAllBytes(path);
        const int avihTotalFrames = 48;
        var strh = bytes.AsSpan().IndexOf("strh"u8);
        const int strhLength = 8 + 32; // after the box header: type, handler, flags, priority, language, initial frames, scale, rate, start
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(avihTotalFrames), claimedFrames);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(strh + strhLength), claimedFrames);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void Too_long_video_is_refused_before_decoding()
    {
        var path = videos.Write("long.avi", new VideoSpec(160, 120, 25, 75));
        var error = Assert.Throws<InvalidVideoException>(() => VideoClipReader.Open(path, Defaults with { MaxDurationSeconds = 2 }));
        Assert.Contains("too long: 3 s (at most 2 s", error.Message);
    }

    // Segments are the OpenCV decoder's; the ffmpeg decoder always reads in one pass.
    private static readonly VideoReadOptions OnePass = Defaults with { DecodeWorkers = 1, Decoder = VideoDecoder.OpenCv };

    // Short segments, so each worker decodes several and every segment after the first is reached by seeking.
    private static readonly VideoReadOptions InSegments = OnePass with { DecodeWorkers = 2, SegmentFrames = 20, Segmenting = Segmenting.Always };

    [Theory]
    [InlineData("parts30.mp4", 30, 180, 0)]
    [InlineData("parts-phone.mov", 30, 150, 90)]
    [InlineData("parts24.avi", 24, 130, 0)]
    [InlineData("parts25.mkv", 25, 120, 0)]
    public void Decoding_in_parallel_segments_gives_the_frames_of_one_pass(string name, double fps, int frameCount, int rotation)
    {
        var path = videos.Write(name, new VideoSpec(320, 240, fps, frameCount) { RotationDegrees = rotation });
        AssertSegmentsDecodeLikeOnePass(path, frameCount);
    }

    /// <summary>What phones record: B-frames (decode order differs from display order), a keyframe every second.</summary>
    [Theory]
    [InlineData(VideoCodec.H264, 0)]
    [InlineData(VideoCodec.H264, 90)]
    [InlineData(VideoCodec.Hevc, 90)]
    public void Phone_codecs_decode_in_segments_like_one_pass(VideoCodec codec, int rotation)
    {
        var path = videos.Write($"phone-{codec}-{rotation}.mov", new VideoSpec(240, 320, 30, 150) { Codec = codec, RotationDegrees = rotation });

        AssertSegmentsDecodeLikeOnePass(path, 150);
        using var reader = VideoClipReader.Open(path, Defaults);
        Assert.Equal((240, 320, rotation), (reader.Source.Width, reader.Source.Height, reader.Source.RotationDegrees));
        AssertQuadrants(reader.ReadFrames().First());
    }

    [Theory]
    [InlineData(null, "FMP4", 2)]
    [InlineData(VideoCodec.H264, "h264", 1)]
    [InlineData(VideoCodec.Hevc, "hevc", 1)]
    public void By_default_only_codecs_ffmpeg_does_not_spread_over_the_cores_are_decoded_in_segments(VideoCodec? codec, string codecName, int segments)
    {
        var path = videos.Write($"auto-{codecName}.mp4", new VideoSpec(320, 240, 30, 150) { Codec = codec });
        using var reader = VideoClipReader.Open(path, Defaults with { DecodeWorkers = 2, Decoder = VideoDecoder.OpenCv });

        Assert.Equal(codecName, reader.Source.Codec);
        Assert.Equal(segments, reader.SegmentCount);
    }

    private static void AssertSegmentsDecodeLikeOnePass(string path, int frameCount)
    {
        var (onePass, onePassStatistics) = ReadWithStatistics(path, OnePass);
        var (inSegments, segmentStatistics) = ReadWithStatistics(path, InSegments);

        using (var reader = VideoClipReader.Open(path, InSegments))
            Assert.True(reader.SegmentCount >= 4);
        AssertSameFrames(onePass, inSegments);
        Assert.Equal(onePassStatistics, segmentStatistics);
        Assert.Equal(frameCount, segmentStatistics.DecodedFrames);
    }

    [Fact]
    public void A_header_that_over_reports_the_length_does_not_change_the_frames()
    {
        var path = WriteAviClaiming("boaster.avi", new VideoSpec(160, 120, 25, 60), claimedFrames: 400);

        var (onePass, onePassStatistics) = ReadWithStatistics(path, OnePass);
        var (inSegments, segmentStatistics) = ReadWithStatistics(path, InSegments);

        AssertSameFrames(onePass, inSegments);
        Assert.Equal(onePassStatistics, segmentStatistics);
        Assert.Equal(new ClipStatistics(60, 60, 2.4), segmentStatistics with { DurationSeconds = Math.Round(segmentStatistics.DurationSeconds, 3) });
    }

    [Fact]
    public void Stopping_early_stops_the_segment_workers()
    {
        var path = videos.Write("stop-early.mp4", new VideoSpec(320, 240, 25, 250));
        using var reader = VideoClipReader.Open(path, InSegments);
        Assert.True(reader.SegmentCount > InSegments.DecodeWorkers + 1, "enough segments that workers are still busy or waiting");

        var first = reader.ReadFrames().Take(5).ToList();

        // Each worker holds the file open through its own capture until it stops; only the reader's capture remains.
        Assert.Equal(1, OpenHandlesTo(path));
        Assert.Equal(ReadAll(path, OnePass).Take(5), first);
        Assert.Throws<InvalidOperationException>(() => reader.Statistics);
    }

    [Fact]
    public void A_refusal_inside_a_segment_worker_reaches_the_reader_as_in_one_pass_and_the_workers_stop()
    {
        // The header claims 1.6 s (opened under the 2-s limit, planned as segments of it); the file holds 3 s, which only
        // the worker decoding the last segment finds.
        var path = WriteAviClaiming("long-parts.avi", new VideoSpec(160, 120, 25, 75), claimedFrames: 40);
        var expected = Assert.Throws<InvalidVideoException>(() => ReadAll(path, OnePass with { MaxDurationSeconds = 2 }));
        using var reader = VideoClipReader.Open(path, InSegments with { MaxDurationSeconds = 2 });
        Assert.True(reader.SegmentCount >= 2);
        var read = new List<byte[]>();

        var error = Assert.Throws<InvalidVideoException>(() => read.AddRange(reader.ReadFrames()));

        Assert.Equal(expected.Message, error.Message);
        Assert.Contains("too long", error.Message);
        Assert.Equal(ReadAll(path, OnePass).Take(read.Count), read);
        Assert.Equal(1, OpenHandlesTo(path));
    }

    [Fact]
    public void A_video_cut_off_mid_stream_gives_the_frames_before_the_cut_in_segments_as_in_one_pass()
    {
        var path = WriteCutOff("cut.avi");

        var (onePass, onePassStatistics) = ReadWithStatistics(path, OnePass);
        var (inSegments, segmentStatistics) = ReadWithStatistics(path, InSegments);

        AssertSameFrames(onePass, inSegments);
        Assert.Equal(onePassStatistics, segmentStatistics);
        AssertFramesBeforeTheCut(path, segmentStatistics);
    }

    [Fact]
    public void Through_ffmpeg_a_video_cut_off_mid_stream_gives_the_frames_before_the_cut()
    {
        var path = WriteCutOff("cut-ffmpeg.avi");

        var (frames, statistics) = ReadWithStatistics(path, Defaults with { Decoder = VideoDecoder.Ffmpeg });

        Assert.Equal(statistics.SampledFrames, frames.Count);
        AssertFramesBeforeTheCut(path, statistics);
    }

    /// <summary>An interrupted upload: the header still promises 125 frames, the file holds about half of them.</summary>
    private string WriteCutOff(string name)
    {
        var path = videos.Write(name, new VideoSpec(320, 240, 25, 125));
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        return path;
    }

    /// <summary>Exactly the frames whose chunks lie whole in the file, and the clip's length from them, not the header's 5 s.</summary>
    private static void AssertFramesBeforeTheCut(string path, ClipStatistics statistics)
    {
        var complete = CompleteAviFrames(File.ReadAllBytes(path));
        Assert.InRange(complete, 40, 80);
        Assert.Equal(new ClipStatistics(complete, complete, complete / 25.0), statistics with { DurationSeconds = Math.Round(statistics.DurationSeconds, 3) });
    }

    [Fact]
    public void A_corrupt_stretch_mid_stream_costs_its_frames_but_not_the_clip_length_in_segments_as_in_one_pass()
    {
        // FFV1 frames are coded on their own: garbage over some of them drops those, and the timestamps keep the length.
        var path = videos.Write("garbled.mkv", new VideoSpec(320, 240, 25, 125));
        var (clean, _) = ReadWithStatistics(path, OnePass);
        var bytes = File.ReadAllBytes(path);
        var garbage = new byte[4000];
        new Random(1).NextBytes(garbage);
        garbage.CopyTo(bytes, bytes.Length / 2);
        File.WriteAllBytes(path, bytes);

        var (onePass, onePassStatistics) = ReadWithStatistics(path, OnePass);
        var (inSegments, segmentStatistics) = ReadWithStatistics(path, InSegments);

        // Every frame the garbage spared is the clean file's, read either way; the few it hit may be concealed
        // differently from run to run (the decoder's error concealment), so only their number is bounded.
        Assert.Equal(clean.Count, onePass.Count);
        Assert.Equal(clean.Count, inSegments.Count);
        var spared = Enumerable.Range(0, clean.Count).Where(i => onePass[i].AsSpan().SequenceEqual(clean[i])).ToList();
        Assert.InRange(clean.Count - spared.Count, 1, 25);
        Assert.All(spared, i => Assert.True(inSegments[i].AsSpan().SequenceEqual(clean[i]), $"Frame {i} differs."));
        foreach (var statistics in new[] { onePassStatistics, segmentStatistics })
        {
            Assert.InRange(statistics.DecodedFrames, 100, 124);
            Assert.Equal((125, 5.0), (statistics.SampledFrames, Math.Round(statistics.DurationSeconds, 3)));
        }
    }

    /// <summary>
    /// Frames whose chunk lies whole in the file, read from the RIFF structure by hand: the 'movi' list holds one
    /// '00dc' chunk per frame (id, little-endian size, data padded to an even length).
    /// </summary>
    private static int CompleteAviFrames(byte[] avi)
    {
        var position = avi.AsSpan().IndexOf("movi"u8) + 4;
        var frames = 0;
        while (position + 8 <= avi.Length)
        {
            var size = BinaryPrimitives.ReadInt32LittleEndian(avi.AsSpan(position + 4));
            if (position + 8 + size > avi.Length)
                break;
            if (avi.AsSpan(position, 4).SequenceEqual("00dc"u8))
                frames++;
            position += 8 + size + (size & 1);
        }
        return frames;
    }

    private static int OpenHandlesTo(string path) =>
        new DirectoryInfo("/proc/self/fd").EnumerateFileSystemInfos().Count(fd =>
        {
            try
            {
                return fd.LinkTarget == path;
            }
            catch (IOException)
            {
                return false; // closed by another thread meanwhile
            }
        });

    private static (List<byte[]> Frames, ClipStatistics Statistics) ReadWithStatistics(string path, VideoReadOptions options)
    {
        using var reader = VideoClipReader.Open(path, options);
        var frames = reader.ReadFrames().ToList();
        return (frames, reader.Statistics);
    }

    private static void AssertSameFrames(List<byte[]> expected, List<byte[]> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
            Assert.True(expected[i].AsSpan().SequenceEqual(actual[i]), $"Frame {i} differs.");
    }

    [Fact]
    public void Frames_can_be_read_once()
    {
        var path = videos.Write("once.mp4", new VideoSpec(320, 240, 25, 15));
        using var reader = VideoClipReader.Open(path, Defaults with { MinDurationSeconds = 0 });
        _ = reader.ReadFrames().ToList();
        Assert.Throws<InvalidOperationException>(() => reader.ReadFrames());
    }
}
