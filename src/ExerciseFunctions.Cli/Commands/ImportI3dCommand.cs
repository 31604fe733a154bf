using System.CommandLine;
using System.Diagnostics;
using ExerciseFunctions.Modelling.Checkpoints;
using ExerciseFunctions.Runtime.Models;
using ExerciseFunctions.Runtime.Video;

namespace ExerciseFunctions.Cli.Commands;

/// <summary>`exercise import-i3d`: builds a model directory from TensorFlow I3D checkpoints, or inspects one checkpoint.</summary>
internal static class ImportI3dCommand
{
    public static Command Create()
    {
        var rgb = new Option<string?>("--rgb") { Description = "RGB stream checkpoint prefix (e.g. data/checkpoints/rgb_imagenet/model.ckpt)." };
        var flow = new Option<string?>("--flow") { Description = "Flow stream checkpoint prefix." };
        var head = new Option<string?>("--head") { Description = "Optional head checkpoint: RGB/Conv3d_0c_1x1/conv_3d/{w,b} and Flow/... [1,1,1,1024,K]." };
        var labels = new Option<FileInfo?>("--labels") { Description = "Class labels, one per line, in logit order (default: the six exercise classes)." };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Directory to write rgb.onnx, flow.onnx and labels.txt into." };
        var channelOrder = new Option<ChannelOrder>("--channel-order")
        {
            Description = "Colour order the head was trained on: rgb, or bgr as the reference work fed OpenCV's frames (written as preprocessing.json).",
            DefaultValueFactory = _ => ChannelOrder.Rgb,
        };
        var frameRate = new Option<FrameSampling>("--frame-rate")
        {
            Description = "Frames the head was trained on: resampled (to 25 fps), or source (every frame at the video's own rate, as the reference work).",
            DefaultValueFactory = _ => FrameSampling.Resampled,
        };
        var inspect = new Option<string?>("--inspect") { Description = "List a checkpoint's variables and how they map onto the graph (prefix or .index; no data file needed)." };
        var command = new Command("import-i3d", "Import TensorFlow I3D checkpoints (deepmind kinetics-i3d) into an ONNX model directory.")
        {
            rgb, flow, head, labels, output, channelOrder, frameRate, inspect,
        };
        command.SetAction(parse => CliFailure.Guard(() =>
        {
            if (parse.GetValue(inspect) is { } checkpoint)
            {
                return Inspect(checkpoint);
            }
            var (rgbPrefix, flowPrefix, outDirectory) = (parse.GetValue(rgb), parse.GetValue(flow), parse.GetValue(output));
            if (rgbPrefix is null || flowPrefix is null || outDirectory is null)
            {
                throw new ArgumentException("give --rgb, --flow and --out (or --inspect <checkpoint>).");
            }
            var labelsFile = parse.GetValue(labels);
            var stopwatch = Stopwatch.StartNew();
            var model = CheckpointImporter.Import(rgbPrefix, flowPrefix, parse.GetValue(head),
                labelsFile is null ? null : MakeModelCommand.ReadLabels(labelsFile), outDirectory.FullName,
                new ModelPreprocessing(parse.GetValue(channelOrder), parse.GetValue(frameRate)));
            Console.WriteLine($"wrote {model.Path} ({model.ReadLabels().Count} classes, version {model.Version}) in {stopwatch.Elapsed.TotalSeconds:F1} s");
            return 0;
        }));
        return command;
    }

    private static int Inspect(string checkpoint)
    {
        var bundle = TensorBundle.Open(checkpoint);
        var fits = true;
        foreach (var mapping in CheckpointMapping.Detect(bundle))
        {
            Console.WriteLine($"{bundle.Prefix}: {mapping.Description}, {mapping.Classes} classes");
            foreach (var variable in mapping.Variables)
            {
                Console.WriteLine($"  {variable.Describe()}");
            }
            var problems = mapping.Problems.Count();
            Console.WriteLine(problems == 0
                ? $"  fits: {mapping.Variables.Count(v => v.Status == MappingStatus.Mapped)} variables map one-to-one"
                  + (mapping.Variables.Any(v => v.Status == MappingStatus.TrainingState)
                      ? $", {mapping.Variables.Count(v => v.Status == MappingStatus.TrainingState)} optimizer tensors skipped" : "")
                : $"  does not fit: {problems} of {mapping.Variables.Count} variables are missing, extra or mis-shaped");
            fits &= problems == 0;
        }
        return fits ? 0 : CliFailure.BadInput;
    }
}
