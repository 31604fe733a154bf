using System.CommandLine;
using System.Text.Json;
using ExerciseFunctions.Cli.Commands.Pipeline;
using ExerciseFunctions.Runtime.Classification;
using ExerciseFunctions.Runtime.Flow;
using ExerciseFunctions.Runtime.Video;
using Spectre.Console;

namespace ExerciseFunctions.Cli.Commands;

/// <summary>`exercise classify`: the whole method in-process, for one video.</summary>
internal static class ClassifyCommand
{
    public static Command Create()
    {
        var video = new Argument<FileInfo>("video") { Description = "Video file (.mp4, .mov, .avi, .mkv)." };
        var models = CommonOptions.Models();
        var json = CommonOptions.Json();
        var flow = new Option<FlowAlgorithm>("--flow") { Description = "Optical flow algorithm.", DefaultValueFactory = _ => FlowAlgorithm.Farneback };
        var command = new Command("classify", "Classify one video in-process and print every class's probability and the stage timings.")
        {
            video, models, json, flow,
        };
        command.SetAction(parse => CliFailure.Guard(() =>
        {
            var path = parse.GetValue(video)!;
            if (!path.Exists)
            {
                throw new InvalidVideoException($"video not found: {path.FullName}");
            }
            var settings = PipelineCommandOptions.Resolve(connection: null, clientDefaultsToAzurite: false);
            using var model = TwoStreamModel.Load(CommonOptions.ResolveModels(parse.GetValue(models)), settings.Inference());
            var result = new VideoClassifier(model, settings.Method() with { Flow = parse.GetValue(flow) }).Classify(path.FullName);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(result, JsonOutput.Options));
            }
            else
            {
                Print(result);
            }
            return 0;
        }));
        return command;
    }

    static void Print(ClassificationResult result)
    {
        if (!result.Recognized)
        {
            AnsiConsole.MarkupLineInterpolated($"[bold]not an exercise[/] (the closest class would be {result.Label})");
        }
        AnsiConsole.MarkupLineInterpolated($"[bold]{result.Label}[/] ({result.Confidence:P1}) — {result.Frames} frames at {result.Fps} fps, {result.DurationSeconds:F2} s; model {result.ModelVersion}");
        var table = new Table().AddColumns("class", "probability", "RGB logit", "flow logit");
        var index = 0;
        foreach (var (label, probability) in result.Probabilities)
        {
            table.AddRow(label, probability.ToString("P2"), result.RgbLogits[index].ToString("F3"), result.FlowLogits[index].ToString("F3"));
            index++;
        }
        AnsiConsole.Write(table);
        TimelineTable.Write(result.Windows);
        AnsiConsole.MarkupLineInterpolated($"timings (ms): {string.Join(", ", result.TimingsMs.Select(t => $"{t.Key} {t.Value:F0}"))}");
    }
}
