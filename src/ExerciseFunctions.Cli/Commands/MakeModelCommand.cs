using System.CommandLine;
using System.Diagnostics;
using ExerciseFunctions.Core.I3d;
using ExerciseFunctions.Core.Models;

namespace ExerciseFunctions.Cli.Commands;

/// <summary>`exercise make-model`: writes a seeded two-stream I3D (rgb.onnx, flow.onnx, labels.txt).</summary>
internal static class MakeModelCommand
{
    public static Command Create()
    {
        var output = new Option<DirectoryInfo>("--out") { Description = "Directory to write rgb.onnx, flow.onnx and labels.txt into.", Required = true };
        var classes = new Option<FileInfo?>("--classes") { Description = "Class labels, one per line (default: the six exercise classes)." };
        var seed = new Option<int>("--seed") { Description = "Seed of the He-normal initialisation.", DefaultValueFactory = _ => SeededWeights.DefaultSeed };
        var command = new Command("make-model", "Build a seeded two-stream I3D model directory (Kinetics I3D topology, ONNX).")
        {
            output, classes, seed,
        };
        command.SetAction(parse => CliFailure.Guard(() =>
        {
            var labelsFile = parse.GetValue(classes);
            var labels = labelsFile is null ? ExerciseClasses.Default : ReadLabels(labelsFile);
            var stopwatch = Stopwatch.StartNew();
            var model = ModelWriter.WriteSeeded(parse.GetValue(output)!.FullName, labels, parse.GetValue(seed));
            Console.WriteLine($"wrote {model.Path} ({labels.Count} classes, version {model.Version}) in {stopwatch.Elapsed.TotalSeconds:F1} s");
            return 0;
        }));
        return command;
    }

    /// <summary>Reads a labels file given on the command line.</summary>
    public static IReadOnlyList<string> ReadLabels(FileInfo file) => file.Exists
        ? ModelDirectory.ParseLabels(File.ReadAllLines(file.FullName), file.FullName)
        : throw new FileNotFoundException($"labels file not found: {file.FullName}");
}
