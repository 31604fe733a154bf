using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using ExerciseFunctions.Testing;
using ExerciseFunctions.Runtime.I3d;
using ExerciseFunctions.Runtime.Inference;
using Xunit.Abstractions;

namespace ExerciseFunctions.Runtime.Tests.Inference;

public class I3dSessionTests(SeededModelFixture fixture, ITestOutputHelper output) : IClassFixture<SeededModelFixture>
{
    [Fact]
    public void Sessions_report_their_stream_channels_and_the_cpu()
    {
        Assert.Equal(3, fixture.Rgb.Channels);
        Assert.Equal(2, fixture.Flow.Channels);
        Assert.Equal(InferenceDevice.Cpu, fixture.Rgb.Device);
    }

    [Theory]
    [InlineData("RGB", 16)]
    [InlineData("Flow", 16)]
    [InlineData("Flow", 64)]
    [InlineData("RGB", 140)]
    public void Any_clip_length_gives_one_row_of_logits_and_features(string scope, int frames)
    {
        var session = fixture.For(I3dStream.Both.Single(s => s.Scope == scope));

        var result = session.Run(SeededModelFixture.RandomClip(frames, session.Channels, frames), frames);

        Assert.Equal(6, result.Logits.Length);
        Assert.Equal(1024, result.Features.Length);
        Assert.All(result.Logits, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void Seeded_network_keeps_activations_sane_through_all_layers()
    {
        var first = fixture.Rgb.Run(SeededModelFixture.RandomClip(16, 3, 1), 16);
        var second = fixture.Rgb.Run(SeededModelFixture.RandomClip(16, 3, 2), 16);
        var featureMean = first.Features.Average();
        var featureStd = Math.Sqrt(first.Features.Average(f => (f - featureMean) * (f - featureMean)));
        output.WriteLine($"features mean {featureMean:F4} std {featureStd:F4}; logits {string.Join(", ", first.Logits.Select(l => l.ToString("F3")))}");

        Assert.All(first.Features, f => Assert.True(float.IsFinite(f) && f >= 0, "features are pooled ReLU outputs"));
        Assert.InRange(featureStd, 0.05, 20);
        Assert.InRange(first.Features.Count(f => f > 0), 512, 1024);
        Assert.All(first.Logits, l => Assert.InRange(Math.Abs(l), 0, 20));
        Assert.True(first.Logits.Max() - first.Logits.Min() > 1e-3, "logits must differ between classes");
        Assert.NotEqual(first.Logits, second.Logits);
    }

    [Fact]
    public void Same_input_gives_bitwise_identical_output()
    {
        var clip = SeededModelFixture.RandomClip(16, 2, 5);

        Assert.Equal(fixture.Flow.Run(clip, 16).Logits, fixture.Flow.Run(clip, 16).Logits);
    }

    [Fact]
    public void A_clip_of_the_wrong_size_is_refused_with_the_expected_size()
    {
        var error = Assert.Throws<ArgumentException>(() => fixture.Flow.Run(new float[100], 16));

        Assert.Contains("16 frames of 224x224x2", error.Message);
    }

    [Fact]
    public void Cuda_request_without_a_gpu_build_falls_back_to_the_cpu_and_says_so()
    {
        var logger = new FakeLogger();

        using var session = I3dSession.Open(fixture.Model.FlowModelPath, new InferenceOptions { Device = InferenceDevice.Cuda, Threads = 1 }, logger);

        Assert.Equal(InferenceDevice.Cpu, session.Device);
        var warning = Assert.Single(logger.Collector.GetSnapshot());
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("running I3D on the CPU", warning.Message);
    }

    [Fact]
    public void A_missing_model_file_is_named()
    {
        var error = Assert.Throws<FileNotFoundException>(() => I3dSession.Open("/nonexistent/rgb.onnx", new InferenceOptions()));

        Assert.Contains("/nonexistent/rgb.onnx", error.Message);
    }
}
