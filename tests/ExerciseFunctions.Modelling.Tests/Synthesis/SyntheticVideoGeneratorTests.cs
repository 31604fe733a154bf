using System.Text.RegularExpressions;
using ExerciseFunctions.Modelling.Synthesis;
using ExerciseFunctions.Runtime.Video;
using OpenCvSharp;

namespace ExerciseFunctions.Modelling.Tests.Synthesis;

/// <summary>Real .mp4 files from the generator, read back with OpenCV; tiny frames and short clips keep it quick.</summary>
public sealed class SyntheticVideoGeneratorTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("synth-").FullName;

    SynthesisOptions Options(string name, int seed = 5) => new()
    {
        OutputDirectory = Path.Combine(folder, name),
        PerClass = 1,
        Seed = seed,
        MinSeconds = 1,
        MaxSeconds = 1.5,
        Sizes = [new FrameSize(128, 96)],
        FrameRates = [24, 30],
        PortraitShare = 0,
    };

    [Fact]
    public void Every_class_is_written_named_like_the_reference_dataset_and_decodes()
    {
        var result = SyntheticVideoGenerator.Generate(Options("all"));

        var names = result.Videos.Select(v => Path.GetFileName(v.Path)).ToList();
        var pattern = new Regex(@"^(?<class>[a-z-]+_[a-z-]+)_(side|front|back|oblique)_\d{3}\.mp4$");
        Assert.All(names, name => Assert.Matches(pattern, name));
        Assert.Equal(SyntheticClass.All.Select(c => c.Name).Order(), names.Select(n => pattern.Match(n).Groups["class"].Value).Order());
        foreach (var video in result.Videos)
        {
            using var capture = new VideoCapture(video.Path);
            Assert.True(capture.IsOpened(), video.Path);
            Assert.Equal(128, capture.FrameWidth);
            Assert.Equal(96, capture.FrameHeight);
            Assert.Equal(video.FrameCount, CountFrames(capture));
            Assert.InRange(video.FrameCount / (double)video.Fps, 1 - 0.05, 1.5 + 0.05);
        }
    }

    [Fact]
    public void Same_seed_gives_the_same_bytes_and_another_seed_different_files()
    {
        var first = SyntheticVideoGenerator.Generate(Options("first") with { Classes = ["push-up_correct", "pull-up_correct"] });
        var again = SyntheticVideoGenerator.Generate(Options("again") with { Classes = ["push-up_correct", "pull-up_correct"], MaxParallelism = 1 });
        var other = SyntheticVideoGenerator.Generate(Options("other", seed: 6) with { Classes = ["push-up_correct", "pull-up_correct"] });

        foreach (var (a, b) in first.Videos.Zip(again.Videos))
        {
            Assert.Equal(Path.GetFileName(a.Path), Path.GetFileName(b.Path));
            Assert.Equal(File.ReadAllBytes(a.Path), File.ReadAllBytes(b.Path));
        }
        foreach (var (a, c) in first.Videos.Zip(other.Videos))
        {
            Assert.NotEqual(File.ReadAllBytes(a.Path), File.ReadAllBytes(c.Path));
        }
    }

    [Fact]
    public void Portrait_clip_is_stored_on_its_side_with_a_rotation_tag_and_plays_upright()
    {
        var options = Options("portrait") with { PortraitShare = 1, Classes = ["bw-squat_correct"] };
        var video = Assert.Single(SyntheticVideoGenerator.Generate(options).Videos);
        var clip = SyntheticClip.Plan(SyntheticClass.Parse("bw-squat_correct"), 0, options);
        using var drawn = SyntheticVideoGenerator.RenderFrames(clip).First();

        Assert.Equal((128, 96, 90), (video.StoredWidth, video.StoredHeight, video.RotationDegrees));
        using var capture = new VideoCapture(video.Path);
        Assert.Equal(90, (int)capture.Get(VideoCaptureProperties.OrientationMeta));
        using var decoded = new Mat();
        Assert.True(capture.Read(decoded));
        Assert.Equal(new Size(96, 128), decoded.Size());
        using var upsideDown = new Mat();
        Cv2.Rotate(drawn, upsideDown, RotateFlags.Rotate180);
        Assert.True(MeanAbsoluteDifference(decoded, drawn) < 0.5 * MeanAbsoluteDifference(decoded, upsideDown),
            "the decoded frame should match the upright drawing");
    }

    [Theory]
    [InlineData(VideoCodec.H264, "h264")]
    [InlineData(VideoCodec.Hevc, "hevc")]
    public void Phone_codecs_are_encoded_through_ffmpeg_deterministically(VideoCodec codec, string codecName)
    {
        var options = Options($"{codec}") with { PortraitShare = 1, Classes = ["push-up_correct"], Codec = codec };
        var video = Assert.Single(SyntheticVideoGenerator.Generate(options).Videos);
        var again = Assert.Single(SyntheticVideoGenerator.Generate(options with { OutputDirectory = Path.Combine(folder, $"{codec}-again") }).Videos);

        using (var reader = VideoClipReader.Open(video.Path, new VideoReadOptions()))
            Assert.Equal((codecName, 90), (reader.Source.Codec, reader.Source.RotationDegrees));
        using var capture = new VideoCapture(video.Path);
        Assert.Equal(video.FrameCount, CountFrames(capture));
        Assert.Equal(File.ReadAllBytes(video.Path), File.ReadAllBytes(again.Path));
    }

    [Theory]
    [InlineData(0, "per class")]
    [InlineData(-1, "per class")]
    public void Bad_options_are_refused_with_a_clear_message(int perClass, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => SyntheticVideoGenerator.Generate(Options("bad") with { PerClass = perClass }));
        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData("1280x")]
    [InlineData("127x96")]
    [InlineData("ax b")]
    public void Frame_sizes_must_be_even_width_by_height(string text) =>
        Assert.Throws<ArgumentException>(() => FrameSize.Parse(text));

    [Fact]
    public void Progress_is_reported_once_per_video()
    {
        var steps = new List<SynthesisProgress>();
        var progress = new SynchronousProgress(step => { lock (steps) { steps.Add(step); } });

        SyntheticVideoGenerator.Generate(Options("progress") with { Classes = ["bw-squat_not-low"], PerClass = 3 }, progress);

        Assert.Equal([1, 2, 3], steps.Select(s => s.Completed).Order());
        Assert.All(steps, s => Assert.Equal(3, s.Total));
    }

    sealed class SynchronousProgress(Action<SynthesisProgress> report) : IProgress<SynthesisProgress>
    {
        public void Report(SynthesisProgress value) => report(value);
    }

    static int CountFrames(VideoCapture capture)
    {
        using var frame = new Mat();
        var count = 0;
        while (capture.Read(frame) && !frame.Empty())
        {
            count++;
        }
        return count;
    }

    static double MeanAbsoluteDifference(Mat a, Mat b)
    {
        using var difference = new Mat();
        Cv2.Absdiff(a, b, difference);
        var mean = Cv2.Mean(difference);
        return (mean.Val0 + mean.Val1 + mean.Val2) / 3;
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
