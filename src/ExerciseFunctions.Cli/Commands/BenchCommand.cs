using System.CommandLine;
using System.Globalization;
using ExerciseFunctions.Cli.Benchmarks;
using ExerciseFunctions.Cli.Benchmarks.Scale;
using ExerciseFunctions.LocalHost;
using ExerciseFunctions.Pipeline.Configuration;
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
            Description = "Only these parts (repeatable; default: all but Scale, which starts several processes and takes minutes).",
            AllowMultipleArgumentsPerToken = true,
            DefaultValueFactory = _ => Enum.GetValues<BenchStage>().Where(s => s != BenchStage.Scale).ToArray(),
        };
        var scaleClips = new Option<int?>("--scale-clips") { Description = "Scale stage: uploads per row (default 12 with --quick, else 60)." };
        var scaleWorkers = new Option<int[]?>("--scale-workers") { Description = "Scale stage: worker process counts (default 1 2 with --quick, else 1 2 4).", AllowMultipleArgumentsPerToken = true };
        var scalePartitions = new Option<int[]?>("--scale-partitions")
        {
            Description = $"Scale stage: task hub partition counts, 1–{LocalHostSettings.MaxPartitionCount} (default 4 with --quick, else 1 4 16).",
            AllowMultipleArgumentsPerToken = true,
        };
        var scaleInference = new Option<ScaleInference>("--scale-inference")
        {
            Description = "Scale stage: the real model, the bench-only fixed-cost stand-in, or a row of each (default Both).",
            DefaultValueFactory = _ => ScaleInference.Both,
        };
        var scaleStandIn = new Option<double>("--scale-stand-in")
        {
            Description = "Scale stage: seconds the stand-in waits per window instead of inferring (no CPU; as if an accelerator took that long).",
            DefaultValueFactory = _ => 0.5,
        };
        Require<int>(scaleClips, v => v >= 1, "--scale-clips must be at least 1.");
        Require<int>(scaleWorkers, v => v >= 1, "--scale-workers must be at least 1.");
        Require<int>(scalePartitions, v => v is >= 1 and <= LocalHostSettings.MaxPartitionCount, $"--scale-partitions must be 1 to {LocalHostSettings.MaxPartitionCount}.");
        Require<double>(scaleStandIn, v => v > 0 && TimeSpan.FromSeconds(v) <= PipelineOptions.MaxBenchInferenceStandIn,
            $"--scale-stand-in must be more than 0 and at most {PipelineOptions.MaxBenchInferenceStandIn.TotalSeconds} s.");
        var videos = new Option<FileInfo[]>("--video")
        {
            Description = "Preprocess stage: measure these clips (e.g. straight from a phone) instead of the generated ones (repeatable).",
            AllowMultipleArgumentsPerToken = true,
        }.AcceptExistingOnly();
        var json = new Option<FileInfo?>("--json") { Description = "Also write the table as JSON to this file." };
        var markdown = new Option<FileInfo?>("--markdown") { Description = "Also write the markdown table to this file." };
        var command = new Command("bench", "Measure decoding, optical flow, I3D inference and the durable pipeline; print a markdown table.")
        {
            quick, device, stages, videos, json, markdown, scaleClips, scaleWorkers, scalePartitions, scaleInference, scaleStandIn,
        };
        command.SetAction((parse, cancel) => CliFailure.Guard(async () =>
        {
            var isQuick = parse.GetValue(quick);
            var scaleDefaults = ScaleSettings.For(isQuick);
            var settings = new BenchSettings(isQuick, parse.GetValue(device), parse.GetValue(stages)!.ToHashSet())
            {
                Scale = new ScaleSettings(
                    parse.GetValue(scaleClips) ?? scaleDefaults.Clips,
                    OrDefault(parse.GetValue(scaleWorkers), scaleDefaults.Workers),
                    OrDefault(parse.GetValue(scalePartitions), scaleDefaults.Partitions),
                    parse.GetValue(scaleInference),
                    TimeSpan.FromSeconds(parse.GetValue(scaleStandIn))),
                Videos = parse.GetValue(videos)?.Select(file => file.FullName).ToList() ?? [],
            };
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

    /// <summary>An option of several values not given on the command line reads as an empty array, not null.</summary>
    static IReadOnlyList<int> OrDefault(int[]? given, IReadOnlyList<int> defaults) => given is { Length: > 0 } ? given : defaults;

    /// <summary>Refuses any value on the command line that is not <paramref name="valid"/> (unparsable ones System.CommandLine refuses itself).</summary>
    static void Require<T>(Option option, Func<T, bool> valid, string error) where T : IParsable<T> => option.Validators.Add(result =>
    {
        if (result.Tokens.Any(token => T.TryParse(token.Value, CultureInfo.InvariantCulture, out var value) && !valid(value)))
        {
            result.AddError(error);
        }
    });
}
