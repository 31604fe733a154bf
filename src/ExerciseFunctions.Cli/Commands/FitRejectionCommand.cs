using System.CommandLine;
using System.Text.Json;
using ExerciseFunctions.Modelling.Evaluation;
using ExerciseFunctions.Modelling.Rejection;
using ExerciseFunctions.Runtime.Classification;
using ExerciseFunctions.Runtime.Models;
using Spectre.Console;

namespace ExerciseFunctions.Cli.Commands;

/// <summary>`exercise fit-rejection`: chooses and fits the "not an exercise" rejection of a model, writing rejection.json into it.</summary>
internal static class FitRejectionCommand
{
    public static Command Create()
    {
        var data = CommonOptions.LabelledVideos("Labelled exercise videos named <class>_<angle>_<id>.<ext>.");
        var negatives = new Option<DirectoryInfo>("--negatives") { Description = "Videos that show none of the classes (e.g. `synth --non-exercise`).", Required = true };
        var models = CommonOptions.Models();
        var cache = new Option<DirectoryInfo>("--cache") { Description = "Feature cache directory (as `train --cache`).", Required = true };
        var target = new Option<double>("--target") { Description = "Share of exercise clips the threshold may refuse (out of fold).", DefaultValueFactory = _ => 0.015 };
        var seed = new Option<int>("--seed") { Description = "Seed of the cross-validation folds.", DefaultValueFactory = _ => 1 };
        var json = CommonOptions.Json();
        var command = new Command("fit-rejection",
            "Compare rejection methods out of fold (max softmax, energy, distance to the class means, a linear exercise/non-exercise score), fit the best and write rejection.json into the model directory.")
        {
            data, negatives, models, cache, target, seed, json,
        };
        command.SetAction(parse => CliFailure.Guard(() =>
        {
            var model = CommonOptions.ResolveModels(parse.GetValue(models));
            var share = parse.GetValue(target);
            if (share is < 0 or >= 1)
            {
                throw new ArgumentException("--target must be in [0, 1).");
            }
            var examples = ModelEvaluator.Clips(model, parse.GetRequiredValue(data).FullName, parse.GetRequiredValue(negatives).FullName,
                MethodOptions.Default, cacheDirectory: parse.GetRequiredValue(cache).FullName);
            var fit = RejectionFitter.Fit(examples, share, parse.GetValue(seed));
            var path = ModelFile.Replace(model, NoveltyRejector.FileName, JsonSerializer.Serialize(fit.Parameters, RejectionParameters.Json));
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new { fit.Chosen, fit.Parameters.Threshold, fit.ExerciseClips, fit.NonExerciseClips, fit.Candidates, path }, JsonOutput.Options));
                return 0;
            }
            var table = new Table().Title("out of fold").AddColumns("method", "exercise refused", "non-exercise refused");
            foreach (var c in fit.Candidates)
            {
                table.AddRow(c.Name, $"{c.ExerciseRefused:P1}", $"{c.NonExerciseRefused:P1}");
            }
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLineInterpolated($"{fit.ExerciseClips} exercise and {fit.NonExerciseClips} non-exercise clips; chose {fit.Chosen} (threshold {fit.Parameters.Threshold:G6}); wrote {path}");
            return 0;
        }));
        return command;
    }
}
