using ExerciseFunctions.Runtime.I3d;
using ExerciseFunctions.Runtime.Networks;
using Google.Protobuf;

namespace ExerciseFunctions.Runtime.Models;

/// <summary>Writes a two-stream model directory from a weight source per stream.</summary>
public static class ModelWriter
{
    /// <summary>
    /// Builds rgb.onnx and flow.onnx with one logit per label, writes labels.txt and whatever <paramref name="addFiles"/>
    /// puts beside them, all in a new directory next to <paramref name="directory"/>, which then replaces it as a
    /// whole: a failure part-way leaves the old model untouched, and readers never see a mix of old and new files.
    /// An existing directory is replaced only when it is empty or holds a model, so user files are never swept away.
    /// Both streams are built as <paramref name="network"/> (default: I3D).
    /// </summary>
    public static ModelDirectory Write(
        string directory, IReadOnlyList<string> labels, Func<I3dStream, IWeightSource> weights, Action<string>? addFiles = null, StreamNetwork? network = null)
    {
        var target = Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar);
        RequireReplaceable(target);
        var staging = $"{target}.new-{Guid.NewGuid():N}";
        Directory.CreateDirectory(staging);
        try
        {
            foreach (var stream in I3dStream.Both)
            {
                using var file = File.Create(Path.Combine(staging, stream.FileName));
                (network ?? StreamNetwork.I3d).Build(stream, labels.Count, weights(stream)).WriteTo(file);
            }
            File.WriteAllLines(Path.Combine(staging, ModelDirectory.LabelsFileName), labels);
            addFiles?.Invoke(staging);
            Replace(target, staging);
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
        return new ModelDirectory(directory);
    }

    /// <summary>The seeded backbone with its seeded or a given head.</summary>
    public static ModelDirectory WriteSeeded(string directory, IReadOnlyList<string> labels, int seed, TwoStreamHead? head = null, Action<string>? addFiles = null) =>
        WriteOver(directory, labels, new SeededWeights(seed), head, addFiles);

    /// <summary>A backbone (of <paramref name="network"/>, default I3D) with its own or a given head.</summary>
    public static ModelDirectory WriteOver(
        string directory, IReadOnlyList<string> labels, IWeightSource backbone, TwoStreamHead? head = null, Action<string>? addFiles = null, StreamNetwork? network = null)
    {
        if (head is not null && head.Classes != labels.Count)
        {
            throw new InvalidDataException($"The head has {head.Classes} classes but there are {labels.Count} labels.");
        }
        return Write(directory, labels, stream => head is null ? backbone : new HeadOverlay(backbone, head.For(stream)), addFiles, network);
    }

    private static void RequireReplaceable(string target)
    {
        if (File.Exists(target))
        {
            throw new IOException($"{target} is a file, not a model directory.");
        }
        var model = new ModelDirectory(target);
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any()
            && !new[] { model.RgbModelPath, model.FlowModelPath, model.LabelsPath }.Any(File.Exists))
        {
            throw new IOException($"{target} holds files but no model: choose a new or empty directory (a model directory is replaced as a whole).");
        }
    }

    /// <summary>Two renames on one file system: the old directory steps aside, the new one takes its name, the old one goes.</summary>
    private static void Replace(string target, string staging)
    {
        if (!Directory.Exists(target))
        {
            Directory.Move(staging, target);
            return;
        }
        var old = $"{target}.old-{Guid.NewGuid():N}";
        Directory.Move(target, old);
        Directory.Move(staging, target);
        Directory.Delete(old, recursive: true);
    }
}
