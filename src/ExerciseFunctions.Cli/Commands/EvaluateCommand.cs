using ExerciseFunctions.Runtime.Classification;
using System.CommandLine;
using System.Text.Json;
using ExerciseFunctions.Modelling.Evaluation;
using ExerciseFunctions.Modelling.Training;
using Spectre.Console;

namespace ExerciseFunctions.Cli.Commands;

/// <summary>`exercise evaluate`: a model end to end on a directory of labelled videos.</summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var data = CommonOptions.LabelledVideos();
        var models = CommonOptions.Models();
        var json = CommonOptions.Json();
        var cache = CommonOptions.FeatureCache();
        var negatives = new Option<DirectoryInfo?>("--negatives")
        {
            Description = "Also videos that show none of the classes: reports the share the model's rejection lets through (and the exercise clips it refuses).",
        };
        var command = new Command("evaluate", "Classify every labelled video in a directory; print accuracy (fused and per stream), per-class precision and recall, and the confusion matrix.")
        {
            data, models, json, cache, negatives,
        };
        command.SetAction(parse => CliFailure.Guard(() =>
        {
            var model = CommonOptions.ResolveModels(parse.GetValue(models));
            var directory = parse.GetValue(data)!.FullName;
            var cacheDirectory = parse.GetValue(cache)?.FullName;
            var nonExercise = parse.GetValue(negatives)?.FullName;
            if (parse.GetValue(json))
            {
                var summary = ModelEvaluator.Evaluate(model, directory, MethodOptions.Default, cacheDirectory: cacheDirectory, nonExerciseDirectory: nonExercise);
                Console.WriteLine(JsonSerializer.Serialize(summary, JsonOutput.Options));
                return 0;
            }
            Print(ProgressDisplay.Run(context =>
            {
                var videos = context.AddTask("videos", maxValue: 1);
                return ModelEvaluator.Evaluate(model, directory, MethodOptions.Default,
                    new ProgressDisplay.Reporter<ScoringProgress>(p => (videos.MaxValue, videos.Value) = (p.Total, p.Done)), cacheDirectory, nonExercise);
            }));
            return 0;
        }));
        return command;
    }

    private static void Print(EvaluationSummary summary)
    {
        AnsiConsole.MarkupLineInterpolated(
            $"[bold]{summary.Count} videos[/]: fused {TrainingReport.Percent(summary.Accuracy)}, RGB alone {TrainingReport.Percent(summary.RgbAccuracy)}, flow alone {TrainingReport.Percent(summary.FlowAccuracy)}");
        var perClass = new Table().AddColumns("class", "precision", "recall", "videos");
        foreach (var (label, metrics) in summary.PerClass)
        {
            perClass.AddRow(label, TrainingReport.Percent(metrics.Precision), TrainingReport.Percent(metrics.Recall), metrics.Support.ToString());
        }
        AnsiConsole.Write(perClass);
        var confusion = new Table().Title("confusion (rows: true, columns: predicted)").AddColumn("true \\ predicted");
        confusion.AddColumns(summary.Labels.Select((_, k) => k.ToString()).ToArray());
        foreach (var (label, row) in summary.Labels.Zip(summary.Confusion).Select((p, k) => ($"{k} {p.First}", p.Second)))
        {
            confusion.AddRow([label, .. row.Select(count => count.ToString())]);
        }
        AnsiConsole.Write(confusion);
        if (summary.Calibration is { } c)
        {
            AnsiConsole.MarkupLineInterpolated(
                $"expected calibration error ({c.Bins} bins): {TrainingReport.Percent(c.ExpectedCalibrationErrorBefore)} plain, {TrainingReport.Percent(c.ExpectedCalibrationErrorAfter)} at the model's temperature {c.Temperature:G4}");
        }
        if (summary.Rejection is { } r)
        {
            AnsiConsole.MarkupLineInterpolated(
                $"rejection ({r.Method}): {r.RejectedClips} of {r.ExerciseClips} exercise clips refused ({TrainingReport.Percent(r.Rejected)}); {r.AcceptedNonExerciseClips} of {r.NonExerciseClips} non-exercise clips accepted ({TrainingReport.Percent(r.NonExerciseAccepted)})");
        }
    }
}
