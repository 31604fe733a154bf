using ExerciseFunctions.Modelling.Training;
using ExerciseFunctions.Runtime.Classification;
using ExerciseFunctions.Runtime.Inference;
using ExerciseFunctions.Runtime.Models;
using ExerciseFunctions.Runtime.Video;
using ExerciseFunctions.Testing;

namespace ExerciseFunctions.Modelling.Tests.Confidence;

/// <summary>
/// `train` fits the temperature on its validation split and writes it into the model, which then uses it; the model
/// also keeps the preprocessing its backbone declares (its features were read that way).
/// </summary>
public sealed class TrainedTemperatureTests : IDisposable
{
    private readonly GeneratedVideoDirectory videos = new();
    private readonly string work = Directory.CreateTempSubdirectory("train-temperature-").FullName;

    [Fact]
    public void Train_writes_the_temperature_fitted_on_validation_and_the_backbones_preprocessing_into_the_model()
    {
        // Five videos per class: one held out for testing, one of the other four for validation (20% of each, rounded).
        var labels = ExerciseClasses.Default;
        for (var k = 0; k < labels.Count; k++)
        {
            for (var id = 0; id < 5; id++)
            {
                videos.Write($"{labels[k]}_front_{id}.avi", new VideoSpec(64, 48, 25, 13) { Draw = GeneratedVideos.MovingSquare(k, id) });
            }
        }
        var backbone = ModelWriter.WriteSeeded(Path.Combine(work, "backbone"), labels, seed: 11);
        const string reference = """{"channelOrder": "bgr", "frameRate": "source"}""";
        File.WriteAllText(Path.Combine(backbone.Path, ModelPreprocessing.FileName), reference);
        var request = new TrainingRequest(videos.Path, Path.Combine(work, "trained"), backbone)
        {
            Scoring = MethodOptions.Default with { WindowFrames = 13, WindowStride = 13 },
            CacheDirectory = Path.Combine(work, "cache"),
        };

        var outcome = HeadTrainingPipeline.Run(request);

        Assert.Equal(6, outcome.Report.Splits[TrainingReport.ValidationSplit].Count);
        Assert.True(File.Exists(Path.Combine(outcome.Model.Path, ConfidenceCalibration.FileName)));
        using var model = TwoStreamModel.Load(outcome.Model, new InferenceOptions { Threads = 2 });
        Assert.Equal(outcome.Report.Temperature, model.Calibration.Temperature);
        Assert.NotEqual(1.0, model.Calibration.Temperature);
        Assert.Equal(new ModelPreprocessing(ChannelOrder.Bgr, FrameSampling.Source), model.Preprocessing);
    }


    public void Dispose()
    {
        videos.Dispose();
        Directory.Delete(work, recursive: true);
    }
}
