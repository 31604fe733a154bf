using System.CommandLine;
using System.Text.Json;
using ExerciseFunctions.Modelling.Confidence;
using ExerciseFunctions.Modelling.Evaluation;
using ExerciseFunctions.Runtime.Classification;
using ExerciseFunctions.Runtime.Models;
using Spectre.Console;

namespace ExerciseFunctions.Cli.Commands;

/// <summary>
/// `exercise calibrate`: fits a model's temperature on labelled videos it was not trained on and writes
/// calibration.json into it (what `train` does on its validation split, for a model that has none, e.g. the shipped default).
/// </summary>
internal static class CalibrateCommand
{
    public static Command Create()
    {
        var data = CommonOptions.LabelledVideos("Directory of labelled videos named <class>_<angle>_<id>.<ext>, none of them seen in training.");
        var models = CommonOptions.Models();
        var cache = CommonOptions.FeatureCache();
        var json = CommonOptions.Json();
        var command = new Command("calibrate", "Fit the temperature of a model's confidence on held-out labelled videos and write calibration.json into the model directory.")
        {
            data, models, cache, json,
        };
        command.SetAction(parse => CliFailure.Guard(() =>
        {
            var model = CommonOptions.ResolveModels(parse.GetValue(models));
            var clips = ModelEvaluator.Clips(model, parse.GetRequiredValue(data).FullName, nonExerciseDirectory: null, MethodOptions.Default,
                cacheDirectory: parse.GetValue(cache)?.FullName);
            var fused = ModelEvaluator.Exercise(clips).Select(v => v.Fused).ToList();
            var calibration = TemperatureFitter.Fit(fused);
            var path = ModelFile.Replace(model, ConfidenceCalibration.FileName, calibration.ToJson());
            var summary = CalibrationSummary.Of(fused, calibration);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new { clips = clips.Count, calibration = summary, path }, JsonOutput.Options));
                return 0;
            }
            AnsiConsole.MarkupLineInterpolated(
                $"{clips.Count} clips; temperature {calibration.Temperature:G4}; expected calibration error on them ({summary.Bins} bins) {summary.ExpectedCalibrationErrorBefore:P1} plain, {summary.ExpectedCalibrationErrorAfter:P1} calibrated; wrote {path}");
            return 0;
        }));
        return command;
    }
}
