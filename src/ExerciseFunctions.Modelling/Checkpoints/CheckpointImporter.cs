using ExerciseFunctions.Runtime.I3d;
using ExerciseFunctions.Runtime.Models;

namespace ExerciseFunctions.Modelling.Checkpoints;

/// <summary>Builds a two-stream model directory from TensorFlow checkpoints of the public I3D (and optionally a head).</summary>
public static class CheckpointImporter
{
    /// <param name="labels">Class names in logit order; may be omitted when there are six classes (the exercise classes).</param>
    /// <param name="preprocessing">How the head was trained to be fed (written as preprocessing.json unless the default).</param>
    public static ModelDirectory Import(
        string rgbCheckpoint, string flowCheckpoint, string? headCheckpoint, IReadOnlyList<string>? labels, string outputDirectory, ModelPreprocessing? preprocessing = null)
    {
        var backbones = new Dictionary<I3dStream, CheckpointMapping>
        {
            [I3dStream.Rgb] = CheckpointMapping.Backbone(TensorBundle.Open(rgbCheckpoint), I3dStream.Rgb).EnsureFits(),
            [I3dStream.Flow] = CheckpointMapping.Backbone(TensorBundle.Open(flowCheckpoint), I3dStream.Flow).EnsureFits(),
        };
        var head = headCheckpoint is null ? null : CheckpointMapping.Head(TensorBundle.Open(headCheckpoint)).EnsureFits();
        var classes = head?.Classes ?? RequireSameClasses(backbones[I3dStream.Rgb], backbones[I3dStream.Flow]);
        var classLabels = ResolveLabels(labels, classes);
        // Every tensor is read and verified before the first byte is written: all or nothing.
        var weights = I3dStream.Both.ToDictionary(stream => stream, stream => WeightsFor(stream, backbones[stream], head));
        return ModelWriter.Write(outputDirectory, classLabels, stream => weights[stream], staging => WritePreprocessing(preprocessing, staging));
    }

    /// <summary>Declares a non-default preprocessing in a model being written (the default needs no file).</summary>
    public static void WritePreprocessing(ModelPreprocessing? preprocessing, string staging)
    {
        if (preprocessing is not null && preprocessing != ModelPreprocessing.Default)
        {
            preprocessing.WriteTo(staging);
        }
    }

    private static IWeightSource WeightsFor(I3dStream stream, CheckpointMapping backbone, CheckpointMapping? head)
    {
        if (head is null)
        {
            return backbone.Weights();
        }
        // The head replaces the backbone's logits layer, whatever its class count.
        var headWeights = head.Weights();
        var logits = I3dVariable.OfLogits(stream, head.Classes).ToArray();
        return new HeadOverlay(backbone.Weights(), new StreamHead(headWeights.Read(logits[0]), headWeights.Read(logits[1])));
    }

    private static int RequireSameClasses(CheckpointMapping rgb, CheckpointMapping flow) => rgb.Classes == flow.Classes
        ? rgb.Classes
        : throw new InvalidDataException($"The RGB checkpoint has {rgb.Classes} classes but the flow checkpoint has {flow.Classes}; give a --head for both.");

    private static IReadOnlyList<string> ResolveLabels(IReadOnlyList<string>? labels, int classes)
    {
        if (labels is null)
        {
            return classes == ExerciseClasses.Default.Count
                ? ExerciseClasses.Default
                : throw new ArgumentException($"The model has {classes} classes: give a labels file with {classes} lines.");
        }
        return labels.Count == classes
            ? labels
            : throw new ArgumentException($"The labels file has {labels.Count} labels but the model has {classes} classes.");
    }
}
