using System.CommandLine;
using System.Diagnostics;
using ExerciseFunctions.Modelling.Calibration;
using ExerciseFunctions.Runtime.Classification;
using ExerciseFunctions.Runtime.I3d;
using ExerciseFunctions.Runtime.Models;
using ExerciseFunctions.Modelling.Training;

namespace ExerciseFunctions.Cli.Commands;

/// <summary>`exercise make-model`: writes a seeded two-stream I3D (rgb.onnx, flow.onnx, labels.txt).</summary>
internal static class MakeModelCommand
{
    public static Command Create()
    {
        var output = new Option<DirectoryInfo>("--out") { Description = "Directory to write rgb.onnx, flow.onnx and labels.txt into.", Required = true };
        var classes = new Option<FileInfo?>("--classes") { Description = "Class labels, one per line (default: the six exercise classes)." };
        var seed = new Option<int>("--seed") { Description = "Seed of the He-normal initialisation.", DefaultValueFactory = _ => SeededWeights.DefaultSeed };
        var calibrate = new Option<DirectoryInfo?>("--calibrate")
        {
            Description = $"Measure the batch-norm statistics on these videos (first {BackboneCalibration.ClipFrames} frames each) instead of leaving them the identity.",
        };
        var shipped = new Option<bool>("--default")
        {
            Description = "Write the shipped default model (seeded backbone + trained head): the model classify and the pipeline use without --models, and the one the Docker image carries.",
        };
        var command = new Command("make-model", "Build a seeded two-stream I3D model directory (Kinetics I3D topology, ONNX).")
        {
            output, classes, seed, calibrate, shipped,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(shipped) && (result.GetResult(classes) is not null || result.GetResult(seed) is not null || result.GetResult(calibrate) is not null))
            {
                result.AddError("--default writes the shipped model as it is: it takes no --classes, --seed or --calibrate.");
            }
        });
        command.SetAction(parse => CliFailure.Guard(() =>
        {
            if (parse.GetValue(shipped))
            {
                var shippedModel = DefaultModel.Ensure(parse.GetValue(output)!.FullName);
                Console.WriteLine($"wrote {shippedModel.Path} (the default model, version {shippedModel.Version})");
                return 0;
            }
            var labelsFile = parse.GetValue(classes);
            var labels = labelsFile is null ? ExerciseClasses.Default : ReadLabels(labelsFile);
            var stopwatch = Stopwatch.StartNew();
            var directory = parse.GetValue(output)!.FullName;
            var seedValue = parse.GetValue(seed);
            var seeded = new SeededWeights(seedValue);
            IWeightSource backbone = parse.GetValue(calibrate) is { } videos ? new CalibratedWeights(seeded, Calibrate(seeded, videos)) : seeded;
            var model = ModelWriter.WriteOver(directory, labels, backbone);
            Console.WriteLine($"wrote {model.Path} ({labels.Count} classes, version {model.Version}) in {stopwatch.Elapsed.TotalSeconds:F1} s");
            return 0;
        }));
        return command;
    }

    /// <summary>Measures the batch-norm statistics of the seeded backbone on the videos.</summary>
    private static BatchNormStatistics Calibrate(SeededWeights seeded, DirectoryInfo videos)
    {
        var paths = LabelledVideos.Files(videos.FullName);
        return ProgressDisplay.Run(context =>
        {
            var task = context.AddTask("calibrating batch norms", maxValue: 1);
            return BackboneCalibration.Run(paths, _ => seeded, MethodOptions.Default,
                new ProgressDisplay.Reporter<CalibrationProgress>(p => (task.Description, task.MaxValue, task.Value) = ($"calibrating {p.Stream} batch norms", p.Total, p.Done)));
        });
    }

    /// <summary>Reads a labels file given on the command line.</summary>
    public static IReadOnlyList<string> ReadLabels(FileInfo file) => file.Exists
        ? ModelDirectory.ParseLabels(File.ReadAllLines(file.FullName), file.FullName)
        : throw new FileNotFoundException($"labels file not found: {file.FullName}");
}
