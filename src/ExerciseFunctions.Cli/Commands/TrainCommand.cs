using System.CommandLine;
using ExerciseFunctions.Modelling.Evaluation;
using ExerciseFunctions.Runtime.Models;
using ExerciseFunctions.Modelling.Training;
using Spectre.Console;

namespace ExerciseFunctions.Cli.Commands;

/// <summary>`exercise train`: transfer learning of new logits layers on a frozen I3D backbone.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "Directory of labelled videos named <class>_<angle>_<id>.<ext>.", Required = true };
        var output = new Option<DirectoryInfo>("--out") { Description = "Model directory to write (rgb.onnx, flow.onnx, labels.txt, default-head.bin, report).", Required = true };
        var backbone = new Option<DirectoryInfo?>("--backbone") { Description = "Model directory whose backbone is frozen and reused (default: the shipped default model's)." };
        var defaults = new HeadTrainingOptions();
        var seed = new Option<int>("--seed") { Description = "Seed of the data split, head initialisation and shuffling.", DefaultValueFactory = _ => defaults.Seed };
        var epochs = new Option<int>("--epochs") { Description = "Most epochs (early stopping on validation may end sooner).", DefaultValueFactory = _ => defaults.Epochs };
        var l2 = new Option<double>("--l2") { Description = "Factor on sum(W^2)/2 of both streams' weights.", DefaultValueFactory = _ => defaults.L2 };
        var raw = new Option<bool>("--no-standardize") { Description = "Train on raw features instead of features standardised on the training split." };
        var cache = new Option<DirectoryInfo?>("--cache") { Description = "Feature cache directory (default: <data>/.feature-cache)." };
        var refit = new Option<bool>("--refit-all") { Description = "Write a head refit on all videos with the epochs and RGB weight chosen on validation (the report scores the split head)." };
        var command = new Command("train", "Train new per-stream logits layers on cached features of a frozen two-stream I3D; writes the model, the head file and a report.")
        {
            data, output, backbone, seed, epochs, l2, raw, cache, refit,
        };
        command.SetAction(parse => CliFailure.Guard(() =>
        {
            var epochCount = parse.GetValue(epochs);
            if (epochCount < 1)
            {
                throw new ArgumentException("--epochs must be at least 1.");
            }
            var dataDirectory = parse.GetValue(data)!;
            if (!dataDirectory.Exists)
            {
                throw new DirectoryNotFoundException($"data directory not found: {dataDirectory.FullName}");
            }
            var backboneDirectory = parse.GetValue(backbone);
            var request = new TrainingRequest(
                dataDirectory.FullName,
                parse.GetValue(output)!.FullName,
                backboneDirectory is null ? DefaultModel.Ensure() : CommonOptions.ResolveModels(backboneDirectory))
            {
                Head = defaults with { Seed = parse.GetValue(seed), Epochs = epochCount, L2 = parse.GetValue(l2), Standardize = !parse.GetValue(raw) },
                CacheDirectory = parse.GetValue(cache)?.FullName,
                RefitOnAllVideos = parse.GetValue(refit),
            };
            var outcome = ProgressDisplay.Run(context =>
            {
                var features = context.AddTask("features", maxValue: 1);
                var training = context.AddTask("training", maxValue: epochCount, autoStart: false);
                return HeadTrainingPipeline.Run(
                    request,
                    new ProgressDisplay.Reporter<ScoringProgress>(p => (features.MaxValue, features.Value) = (p.Total, p.Done)),
                    new ProgressDisplay.Reporter<EpochMetrics>(m =>
                    {
                        training.StartTask();
                        training.Value = m.Epoch;
                        training.Description = $"training (val acc {TrainingReport.Percent(m.ValidationAccuracy)})";
                    }));
            });
            Print(outcome);
            return 0;
        }));
        return command;
    }

    private static void Print(TrainingOutcome outcome)
    {
        var report = outcome.Report;
        var table = new Table().AddColumns("split", "videos", "RGB", "flow", "fused");
        foreach (var (split, summary) in report.Splits)
        {
            table.AddRow(split, summary.Count.ToString(), TrainingReport.Percent(summary.RgbAccuracy), TrainingReport.Percent(summary.FlowAccuracy), TrainingReport.Percent(summary.Accuracy));
        }
        AnsiConsole.Write(table);
        var timings = report.Timings;
        AnsiConsole.MarkupLineInterpolated(
            $"RGB weight {report.RgbWeight}, best epoch {report.BestEpoch}; features {timings.FeatureSeconds:F1} s ({timings.VideosFromCache}/{timings.Videos} cached), head {timings.HeadTrainingSeconds:F2} s");
        AnsiConsole.MarkupLineInterpolated($"model: {outcome.Model.Path}; head: {outcome.HeadPath}; report: {outcome.ReportPath}");
    }
}
