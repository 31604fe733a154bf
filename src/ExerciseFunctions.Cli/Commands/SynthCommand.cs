using System.CommandLine;
using ExerciseFunctions.Modelling.Synthesis;
using Spectre.Console;

namespace ExerciseFunctions.Cli.Commands;

/// <summary>`exercise synth`: labelled exercise videos of a rendered figure, for training and tests.</summary>
internal static class SynthCommand
{
    public static Command Create()
    {
        var defaults = new SynthesisOptions { OutputDirectory = "." };
        var output = new Option<DirectoryInfo>("--out") { Description = "Directory for the videos (created if missing).", Required = true };
        var perClass = new Option<int>("--per-class") { Description = "Videos per class.", DefaultValueFactory = _ => defaults.PerClass };
        var seed = new Option<int>("--seed") { Description = "Same seed, same bytes.", DefaultValueFactory = _ => defaults.Seed };
        var minSeconds = new Option<double>("--min-seconds") { Description = "Shortest clip.", DefaultValueFactory = _ => defaults.MinSeconds };
        var maxSeconds = new Option<double>("--max-seconds") { Description = "Longest clip.", DefaultValueFactory = _ => defaults.MaxSeconds };
        var sizes = new Option<string[]>("--sizes")
        {
            Description = "Landscape frame sizes to draw from, e.g. 854x480 1280x720 (portrait clips turn them on their side).",
            DefaultValueFactory = _ => defaults.Sizes.Select(s => s.ToString()).ToArray(),
            AllowMultipleArgumentsPerToken = true,
        };
        var portrait = new Option<double>("--portrait-share") { Description = "Share of portrait phone-style clips (0–1).", DefaultValueFactory = _ => defaults.PortraitShare };
        var classes = new Option<string[]>("--classes")
        {
            Description = "Only these classes (default: all six).",
            DefaultValueFactory = _ => defaults.Classes.ToArray(),
            AllowMultipleArgumentsPerToken = true,
        };
        var parallelism = new Option<int>("--parallelism") { Description = "Videos rendered at once.", DefaultValueFactory = _ => defaults.MaxParallelism };
        var codec = new Option<VideoCodec>("--codec")
        {
            Description = "Mp4v (MPEG-4 part 2, needs nothing else), H264 or Hevc (as phones record; needs the ffmpeg command).",
            DefaultValueFactory = _ => defaults.Codec,
        };
        var nonExercise = new Option<bool>("--non-exercise")
        {
            Description = "Instead, clips that show none of the six classes (empty scenes, an idle figure, other movements, camera motion, noise, test patterns), --per-class of each kind, named not-exercise_<kind>_<id>.mp4.",
        };
        var command = new Command("synth", "Generate labelled videos of a rendered figure doing squats, push-ups and pull-ups, right and wrong.")
        {
            output, perClass, seed, minSeconds, maxSeconds, sizes, portrait, classes, parallelism, codec, nonExercise,
        };
        command.SetAction((parse, cancel) => CliFailure.Guard(() =>
        {
            var options = new SynthesisOptions
            {
                OutputDirectory = parse.GetRequiredValue(output).FullName,
                PerClass = parse.GetValue(perClass),
                Seed = parse.GetValue(seed),
                MinSeconds = parse.GetValue(minSeconds),
                MaxSeconds = parse.GetValue(maxSeconds),
                Sizes = parse.GetRequiredValue(sizes).Select(FrameSize.Parse).ToArray(),
                PortraitShare = parse.GetValue(portrait),
                Classes = parse.GetRequiredValue(classes),
                MaxParallelism = parse.GetValue(parallelism),
                Codec = parse.GetValue(codec),
            };
            var result = Generate(options, parse.GetValue(nonExercise), cancel);
            AnsiConsole.MarkupLineInterpolated(
                $"Wrote {result.Videos.Count} videos to {options.OutputDirectory} in {result.Elapsed.TotalSeconds:F1} s ({result.VideosPerSecond:F2} videos/s).");
            return 0;
        }));
        return command;
    }

    static SynthesisResult Generate(SynthesisOptions options, bool nonExercise, CancellationToken cancel)
    {
        SynthesisResult? result = null;
        var kinds = Enum.GetValues<NonExerciseKind>();
        AnsiConsole.Progress().Start(context =>
        {
            var task = context.AddTask("Rendering videos", maxValue: options.PerClass * (nonExercise ? kinds.Length : options.Classes.Count));
            var progress = new Progress<SynthesisProgress>(step => task.Value = Math.Max(task.Value, step.Completed));
            result = nonExercise
                ? SyntheticVideoGenerator.GenerateNonExercise(options, kinds, progress, cancel)
                : SyntheticVideoGenerator.Generate(options, progress, cancel);
            task.Value = task.MaxValue;
        });
        return result!;
    }
}
