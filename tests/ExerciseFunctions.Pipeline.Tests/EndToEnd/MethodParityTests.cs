using System.Text.Json;
using ExerciseFunctions.LocalHost;
using ExerciseFunctions.Pipeline.Starting;
using ExerciseFunctions.Pipeline.Storage;
using ExerciseFunctions.Pipeline.Tests.Fixtures;
using ExerciseFunctions.Runtime.Classification;
using ExerciseFunctions.Runtime.Models;

namespace ExerciseFunctions.Pipeline.Tests.EndToEnd;

/// <summary>
/// `exercise classify` and the durable pipeline are one method: the same upload gives the same label, the same
/// logits of both streams and the same per-window timeline, through windows that straddle flow chunks, a partial
/// last chunk and a closing window that overlaps the one before it.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class MethodParityTests(PipelineHostFixture fixture) : IDisposable
{
    private const double Tolerance = 1e-4;
    private readonly string work = Directory.CreateTempSubdirectory("parity-").FullName;

    [Fact]
    public async Task Classify_and_the_pipeline_agree_on_label_logits_of_both_streams_and_the_timeline()
    {
        // 2.4 s at 25 fps = 60 frames: chunks of 8 (the last one 4), windows 0, 16, 32 and the closing one at 44.
        var content = TestClips.Mp4(seconds: 2.4, seed: 7);
        var path = Path.Combine(work, "parity.mp4");
        await File.WriteAllBytesAsync(path, content);
        var options = PipelineHostFixture.TestOptions(fixture.ConnectionString);
        using var model = TwoStreamModel.Load(DefaultModel.Ensure(), options.Inference());
        var inProcess = new VideoClassifier(model, options.Method()).Classify(path);

        var instanceId = await fixture.UploadAsync("parity.mp4", content);
        var row = await fixture.WaitForFinishedRowAsync("parity.mp4", instanceId);

        Assert.Equal(ClassificationStatus.Completed, row.Status);
        Assert.Equal(60, row.FrameCount);
        Assert.Equal(inProcess.Frames, row.FrameCount);
        Assert.Equal(inProcess.Label, row.Label);
        Assert.Equal(inProcess.Recognized, row.Recognized);
        Assert.Equal(inProcess.ModelVersion, row.ModelVersion);
        AssertClose(inProcess.RgbLogits, JsonSerializer.Deserialize<float[]>(row.RgbLogitsJson!)!);
        AssertClose(inProcess.FlowLogits, JsonSerializer.Deserialize<float[]>(row.FlowLogitsJson!)!);
        Assert.Equal(inProcess.Confidence, row.Confidence!.Value, Tolerance);

        // Windows of 16 frames at 25 fps start at frames 0, 16, 32 and 44 (the closing one ends on frame 59).
        Assert.Equal([0, 0.64, 1.28, 1.76], inProcess.Windows.Select(w => Math.Round(w.Start, 6)));
        Assert.Equal([0.64, 1.28, 1.92, 2.4], inProcess.Windows.Select(w => Math.Round(w.End, 6)));
        var timeline = ClassificationQuery.ToView(row, state: null).Windows!;
        Assert.Equal(inProcess.Windows.Count, timeline.Count);
        Assert.Equal(0, row.WindowsOmitted);
        foreach (var (expected, actual) in inProcess.Windows.Zip(timeline))
        {
            Assert.Equal(expected.Start, actual.Start, Tolerance);
            Assert.Equal(expected.End, actual.End, Tolerance);
            Assert.Equal(expected.Label, actual.Label);
            Assert.Equal(expected.Recognized, actual.Recognized);
            Assert.Equal(expected.Confidence, actual.Confidence, Tolerance);
            Assert.Equal(expected.Probabilities.Keys, actual.Probabilities.Keys);
            Assert.All(expected.Probabilities, p => Assert.Equal(p.Value, actual.Probabilities[p.Key], Tolerance));
        }
    }

    [Fact]
    public async Task A_model_declaring_the_reference_preprocessing_is_fed_bgr_source_frames_in_both_paths()
    {
        // The default model declaring BGR frames at the source rate, as a head fine-tuned by the reference work would.
        var modelDirectory = DefaultModel.Ensure(Path.Combine(work, "reference-model"));
        await File.WriteAllTextAsync(Path.Combine(modelDirectory.Path, ModelPreprocessing.FileName), """{"channelOrder": "bgr", "frameRate": "source"}""");
        var configuration = PipelineHostFixture.SeparateConfiguration(fixture.ConnectionString, "Reference");
        configuration["Pipeline:ModelDirectory"] = modelDirectory.Path;
        await using var host = await LocalPipelineHost.StartAsync(new LocalHostSettings { Configuration = configuration, WorkerOnly = true, WorkerId = "reference" });
        // 1.5 s at 30 fps: 45 source frames (38 if resampled to 25 fps); 16-frame windows at frames 0, 16 and 29.
        var content = TestClips.Mp4(seconds: 1.5, seed: 9, fps: 30);
        var path = Path.Combine(work, "reference.mp4");
        await File.WriteAllBytesAsync(path, content);
        var options = PipelineHostFixture.TestOptions(fixture.ConnectionString);
        using var model = TwoStreamModel.Load(modelDirectory, options.Inference());
        var inProcess = new VideoClassifier(model, options.Method()).Classify(path);

        var upload = (await host.Storage.Videos.GetBlobClient("reference.mp4").UploadAsync(BinaryData.FromBytes(content), overwrite: true)).Value;
        var (instanceId, _) = await host.Starter.StartAsync(host.Storage.Videos.Name, "reference.mp4", upload.ETag.ToString(), sizeBytes: content.Length);
        var row = await PipelineHostFixture.WaitForFinishedRowAsync(host, "reference.mp4", instanceId, TimeSpan.FromMinutes(2));

        Assert.Equal(ClassificationStatus.Completed, row.Status);
        Assert.Equal((45, 30.0), (inProcess.Frames, inProcess.Fps));
        Assert.Equal((45, 30.0), (row.FrameCount, row.Fps));
        Assert.Equal([0, 16 / 30.0, 29 / 30.0], inProcess.Windows.Select(w => w.Start));
        Assert.Equal(inProcess.ModelVersion, row.ModelVersion);
        Assert.Equal(inProcess.Label, row.Label);
        AssertClose(inProcess.RgbLogits, JsonSerializer.Deserialize<float[]>(row.RgbLogitsJson!)!);
        AssertClose(inProcess.FlowLogits, JsonSerializer.Deserialize<float[]>(row.FlowLogitsJson!)!);
        Assert.Equal(inProcess.Windows.Select(w => Math.Round(w.End, 4)), ClassificationQuery.ToView(row, state: null).Windows!.Select(w => w.End));
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var k = 0; k < expected.Length; k++)
        {
            Assert.True(Math.Abs(expected[k] - actual[k]) <= Tolerance * Math.Max(1, Math.Abs(expected[k])),
                $"logit {k}: classify {expected[k]}, pipeline {actual[k]}");
        }
    }

    public void Dispose() => Directory.Delete(work, recursive: true);
}
