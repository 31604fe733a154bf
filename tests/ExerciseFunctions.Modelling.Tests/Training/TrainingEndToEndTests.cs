using ExerciseFunctions.Runtime.Classification;
using ExerciseFunctions.Modelling.Evaluation;
using ExerciseFunctions.Runtime.Flow;
using ExerciseFunctions.Runtime.I3d;
using ExerciseFunctions.Runtime.Inference;
using ExerciseFunctions.Runtime.Models;
using ExerciseFunctions.Runtime.Networks;
using ExerciseFunctions.Modelling.Training;
using ExerciseFunctions.Runtime.Video;
using ExerciseFunctions.Testing;

namespace ExerciseFunctions.Modelling.Tests.Training;

/// <summary>
/// The whole transfer-learning path on a tiny generated set (3 short low-resolution videos per class, each class a
/// square of its own colour moving in its own direction): real decoding, flow, I3D features, training, model writing.
/// Three per class is the fewest the 80/20 split holds one of out for testing, so the test split is scored too.
/// </summary>
public sealed class TrainingEndToEndTests : IDisposable
{
    private static readonly MethodOptions ShortWindows = MethodOptions.Default with { WindowFrames = 16, WindowStride = 16 };

    private readonly GeneratedVideoDirectory videos = new();
    private readonly string work = Directory.CreateTempSubdirectory("train-e2e-").FullName;

    [Fact]
    public void Trains_to_full_training_accuracy_and_writes_a_model_that_classifies_its_videos()
    {
        var labels = WriteVideos();
        var backbone = ModelWriter.WriteSeeded(Path.Combine(work, "backbone"), labels, seed: 11);
        var request = new TrainingRequest(videos.Path, Path.Combine(work, "trained"), backbone)
        {
            Scoring = ShortWindows,
            CacheDirectory = Path.Combine(work, "cache"),
        };

        var outcome = HeadTrainingPipeline.Run(request);

        var train = outcome.Report.Splits[TrainingReport.TrainSplit];
        var test = outcome.Report.Splits[TrainingReport.TestSplit];
        Assert.Equal((12, 1.0), (train.Count, train.Accuracy));
        // One held-out video per class, never trained on: the head generalises to it.
        Assert.Equal((6, 1.0), (test.Count, test.Accuracy));
        foreach (var file in new[] { HeadTrainingPipeline.HeadFileName, HeadTrainingPipeline.ReportFileName, HeadTrainingPipeline.ReportJsonFileName, HeadTrainingPipeline.CurvesFileName })
        {
            Assert.True(File.Exists(Path.Combine(outcome.Model.Path, file)), file);
        }

        // The written model, run end to end, reproduces the head's decisions and logits; the features are cached.
        using var head = File.OpenRead(outcome.HeadPath);
        var trained = TwoStreamHead.Read(head, outcome.HeadPath);
        var cache = new FeatureCache(request.CacheDirectory!, Backbone.Load(backbone), ShortWindows);
        using var model = TwoStreamModel.Load(outcome.Model, new InferenceOptions { Threads = 2 });
        var classifier = new VideoClassifier(model, ShortWindows);
        foreach (var k in new[] { 1, 4 })
        {
            var path = Path.Combine(videos.Path, $"{labels[k]}_front_1.avi");
            var result = classifier.Classify(path);
            Assert.Equal(labels[k], result.Label);
            var cached = cache.GetOrExtract([path]);
            Assert.Equal(1, cached.FromCache);
            var features = cached.Videos[0];
            AssertClose(trained.Rgb.Logits(features.Rgb), result.RgbLogits);
            AssertClose(trained.Flow.Logits(features.Flow), result.FlowLogits);
        }

        // Refit on every video, the 6 test videos included: the report still scores the split head on the test split
        // and says what was written; the written model has learnt all 18 videos.
        var refit = HeadTrainingPipeline.Run(request with { OutputDirectory = Path.Combine(work, "refit"), RefitOnAllVideos = true });
        Assert.NotNull(refit.Report.RefitEpochs);
        var refitTest = refit.Report.Splits[TrainingReport.TestSplit];
        Assert.Equal((test.Count, test.Accuracy, test.RgbAccuracy, test.FlowAccuracy), (refitTest.Count, refitTest.Accuracy, refitTest.RgbAccuracy, refitTest.FlowAccuracy));
        Assert.Equal(test.Confusion, refitTest.Confusion);
        Assert.Contains("refit on all 18 videos", File.ReadAllText(refit.ReportPath));
        Assert.Equal(1.0, ModelEvaluator.Evaluate(refit.Model, videos.Path, ShortWindows, cacheDirectory: request.CacheDirectory).Accuracy);

        // Evaluating from the feature cache decides exactly as the written model does end to end.
        var endToEnd = ModelEvaluator.Evaluate(outcome.Model, videos.Path, ShortWindows);
        var fromCache = ModelEvaluator.Evaluate(outcome.Model, videos.Path, ShortWindows, cacheDirectory: request.CacheDirectory);
        Assert.Equal(18, fromCache.Count);
        Assert.Equal(endToEnd.Confusion, fromCache.Confusion);
        Assert.Equal(endToEnd.RgbAccuracy, fromCache.RgbAccuracy);
        Assert.Equal(endToEnd.FlowAccuracy, fromCache.FlowAccuracy);
    }

    [Fact]
    public void Training_on_the_imagenet_resnet_writes_a_resnet_model_that_computes_the_trained_head()
    {
        var labels = WriteVideos();
        var backbone = ModelWriter.WriteOver(Path.Combine(work, "resnet"), labels, ImageNetResNet18Weights.Load(), network: StreamNetwork.InflatedResNet18);
        var request = new TrainingRequest(videos.Path, Path.Combine(work, "trained"), backbone) { Scoring = ShortWindows, CacheDirectory = Path.Combine(work, "cache") };

        var outcome = HeadTrainingPipeline.Run(request);

        Assert.Equal(1.0, outcome.Report.Splits[TrainingReport.TrainSplit].Accuracy);
        foreach (var stream in I3dStream.Both)
        {
            Assert.Equal(StreamNetwork.InflatedResNet18, StreamNetwork.Of(Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(Path.Combine(outcome.Model.Path, stream.FileName)))));
        }
        using var head = File.OpenRead(outcome.HeadPath);
        var trained = TwoStreamHead.Read(head, outcome.HeadPath);
        Assert.Equal(512, trained.FeatureChannels);
        using var model = TwoStreamModel.Load(outcome.Model, new InferenceOptions { Threads = 2 });
        var path = Path.Combine(videos.Path, $"{labels[2]}_front_0.avi");
        var result = new VideoClassifier(model, ShortWindows).Classify(path);
        var features = new FeatureCache(request.CacheDirectory!, Backbone.Load(backbone), ShortWindows).GetOrExtract([path]).Videos[0];
        AssertClose(trained.Rgb.Logits(features.Rgb), result.RgbLogits);
        AssertClose(trained.Flow.Logits(features.Flow), result.FlowLogits);
    }

    /// <summary>Three videos per class, each class a square of its own colour moving in its own direction.</summary>
    private IReadOnlyList<string> WriteVideos()
    {
        var labels = ExerciseClasses.Default;
        for (var k = 0; k < labels.Count; k++)
        {
            for (var id = 0; id < 3; id++)
            {
                videos.Write($"{labels[k]}_front_{id}.avi", new VideoSpec(64, 48, 25, 20) { Draw = GeneratedVideos.MovingSquare(k, id) });
            }
        }
        return labels;
    }


    private static void AssertClose(float[] expected, float[] actual)
    {
        for (var k = 0; k < expected.Length; k++)
        {
            Assert.True(Math.Abs(expected[k] - actual[k]) <= 1e-3 * Math.Max(1, Math.Abs(expected[k])), $"logit {k}: head {expected[k]}, model {actual[k]}");
        }
    }

    public void Dispose()
    {
        videos.Dispose();
        Directory.Delete(work, recursive: true);
    }
}
