using System.CommandLine;
using ExerciseFunctions.Cli.Benchmarks;
using ExerciseFunctions.Runtime.Inference;
using Spectre.Console;

namespace ExerciseFunctions.Cli.Commands;

/// <summary>`exercise bench`: every stage and the whole pipeline, medians side by side with baselines, one run.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var quick = new Option<bool>("--quick") { Description = "Fewer, smaller cases: finishes in a few minutes (used by the tests)." };
        var device = new Option<InferenceDevice>("--device") { Description = "Inference device for the I3D stage.", DefaultValueFactory = _ => InferenceDevice.Cpu };
        var stages = new Option<BenchStage[]>("--stage")
        {
            Description = "Only these parts (repeatable; default: all).",
            AllowMultipleArgumentsPerToken = true,
            DefaultValueFactory = _ => Enum.GetValues<BenchStage>(),
        };
        var json = new Option<FileInfo?>("--json") { Description = "Also write the table as JSON to this file." };
        var markdown = new Option<FileInfo?>("--markdown") { Description = "Also write the markdown table to this file." };
        var command = new Command("bench", "Measure decoding, optical flow, I3D inference and the durable pipeline; print a markdown table.")
        {
            quick, device, stages, json, markdown,
        };
        command.SetAction((parse, cancel) => CliFailure.Guard(async () =>
        {
            var settings = new BenchSettings(parse.GetValue(quick), parse.GetValue(device), parse.GetValue(stages)!.ToHashSet());
            var report = await BenchSuite.RunAsync(settings, message => AnsiConsole.MarkupLineInterpolated($"[grey]{message}[/]"), cancel);
            var table = report.ToMarkdown();
            Console.WriteLine(table);
            if (parse.GetValue(markdown) is { } markdownFile)
            {
                await File.WriteAllTextAsync(markdownFile.FullName, table, cancel);
            }
            if (parse.GetValue(json) is { } jsonFile)
            {
                await File.WriteAllTextAsync(jsonFile.FullName, report.ToJson(), cancel);
            }
            return 0;
        }));
        return command;
    }
}
