using System.CommandLine;
using System.Diagnostics;
using ExerciseFunctions.Modelling.Calibration;
using ExerciseFunctions.Runtime.Classification;
using ExerciseFunctions.Runtime.I3d;
using ExerciseFunctions.Runtime.Models;
using ExerciseFunctions.Runtime.Networks;
using ExerciseFunctions.Modelling.Training;

namespace ExerciseFunctions.Cli.Commands;

/// <summary>
/// `exercise make-model`: writes a two-stream model (rgb.onnx, flow.onnx, labels.txt): a seeded I3D, or the
/// ImageNet-inflated ResNet-18 with a seeded head.
/// </summary>
internal static class MakeModelCommand
{
    public static Command Create()
    {
        var output = new Option<DirectoryInfo>("--out") { Description = "Directory to write rgb.onnx, flow.onnx and labels.txt into.", Required = true };
        var classes = new Option<FileInfo?>("--classes") { Description = "Class labels, one per line (default: the six exercise classes)." };
        var seed = new Option<int>("--seed") { Description = "Seed of the He-normal initialisation (of the head only, for an ImageNet backbone).", DefaultValueFactory = _ => SeededWeights.DefaultSeed };
        var backbone = new Option<string>("--backbone")
        {
            Description = "i3d: the Kinetics I3D topology, seeded; inflated-resnet18: ResNet-18 with ImageNet weights (from the NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18), inflated to 3D.",
            DefaultValueFactory = _ => StreamNetwork.I3d.Name,
        };
        backbone.AcceptOnlyFromAmong([.. StreamNetwork.All.Select(n => n.Name)]);
        var calibrate = new Option<DirectoryInfo?>("--calibrate")
        {
            Description = $"Measure the batch-norm statistics on these videos (first {BackboneCalibration.ClipFrames} frames each) instead of leaving them the identity.",
        };
        var shipped = new Option<bool>("--default")
        {
            Description = "Write the shipped default model (seeded backbone + trained head): the model classify and the pipeline use without --models, and the one the Docker image carries.",
        };
        var command = new Command("make-model", "Build a two-stream model directory (ONNX): a seeded I3D, or the ImageNet-inflated ResNet-18.")
        {
            output, classes, seed, backbone, calibrate, shipped,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(shipped) && (result.GetResult(classes) is not null || result.GetResult(seed) is not null || result.GetResult(calibrate) is not null || result.GetResult(backbone) is not null))
            {
                result.AddError("--default writes the shipped model as it is: it takes no --classes, --seed, --backbone or --calibrate.");
            }
            if (result.GetValue(backbone) != StreamNetwork.I3d.Name && result.GetResult(calibrate) is not null)
            {
                result.AddError("--calibrate measures the batch norms of a seeded I3D; an ImageNet backbone has its own.");
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
            var network = StreamNetwork.Named(parse.GetValue(backbone)!);
            IWeightSource weights = network == StreamNetwork.I3d
                ? parse.GetValue(calibrate) is { } videos ? new CalibratedWeights(seeded, Calibrate(seeded, videos)) : seeded
                : ImageNetResNet18Weights.Load(head: seeded);
            var model = ModelWriter.WriteOver(directory, labels, weights, network: network);
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
