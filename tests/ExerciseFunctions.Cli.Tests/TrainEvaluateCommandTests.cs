using System.Text.Json;
using ExerciseFunctions.Runtime.Models;
using ExerciseFunctions.Testing;

namespace ExerciseFunctions.Cli.Tests;

/// <summary>
/// `exercise train` then `exercise evaluate` on one tiny video per class (a square of the class's colour moving in the
/// class's direction) over a seeded backbone: the trained model must have learnt its videos, and evaluate must say so.
/// </summary>
public sealed class TrainEvaluateCommandTests : IDisposable
{
    private readonly GeneratedVideoDirectory videos = new();
    private readonly string work = Directory.CreateTempSubdirectory("train-cli-").FullName;

    [Fact]
    public async Task Train_writes_a_model_that_evaluate_scores_on_its_videos()
    {
        var labels = ExerciseClasses.Default;
        for (var k = 0; k < labels.Count; k++)
            videos.Write($"{labels[k]}_front_0.avi", new VideoSpec(64, 48, 25, 20) { Draw = GeneratedVideos.MovingSquare(k) });
        var backbone = ModelWriter.WriteSeeded(Path.Combine(work, "backbone"), labels, seed: 11).Path;
        var (model, cache) = (Path.Combine(work, "model"), Path.Combine(work, "cache"));

        var train = await CliProcess.RunAsync("train", "--data", videos.Path, "--out", model, "--backbone", backbone, "--cache", cache);
        var evaluate = await CliProcess.RunAsync("evaluate", "--data", videos.Path, "--models", model, "--cache", cache, "--json");

        Assert.True(train.ExitCode == 0, train.Stderr);
        foreach (var file in new[] { "rgb.onnx", "flow.onnx", "labels.txt", "default-head.bin", "report.md", "report.json", "curves.png" })
            Assert.True(File.Exists(Path.Combine(model, file)), file);
        Assert.True(evaluate.ExitCode == 0, evaluate.Stderr);
        var summary = JsonDocument.Parse(evaluate.Stdout).RootElement;
        Assert.Equal(6, summary.GetProperty("count").GetInt32());
        Assert.Equal(1.0, summary.GetProperty("accuracy").GetDouble());
        var confusion = summary.GetProperty("confusion").EnumerateArray().Select(row => row.EnumerateArray().Select(c => c.GetInt32()).ToArray()).ToArray();
        Assert.All(Enumerable.Range(0, 6), k => Assert.Equal(1, confusion[k][k]));
        // One video per class leaves no validation split to fit a temperature on: the model keeps temperature 1.
        var calibration = summary.GetProperty("calibration");
        Assert.Equal(15, calibration.GetProperty("bins").GetInt32());
        Assert.Equal(1, calibration.GetProperty("temperature").GetDouble());
        Assert.Equal(calibration.GetProperty("expectedCalibrationErrorBefore").GetDouble(), calibration.GetProperty("expectedCalibrationErrorAfter").GetDouble());
        Assert.InRange(calibration.GetProperty("expectedCalibrationErrorBefore").GetDouble(), 0, 1);
    }


    public void Dispose()
    {
        videos.Dispose();
        Directory.Delete(work, recursive: true);
    }
}
