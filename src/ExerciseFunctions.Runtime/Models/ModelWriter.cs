using ExerciseFunctions.Runtime.I3d;

namespace ExerciseFunctions.Runtime.Models;

/// <summary>Writes a two-stream model directory from a weight source per stream.</summary>
public static class ModelWriter
{
    /// <summary>
    /// Builds rgb.onnx and flow.onnx with one logit per label and writes labels.txt. Each file is written under a
    /// temporary name and moved into place, so readers never see a half-written model.
    /// </summary>
    public static ModelDirectory Write(string directory, IReadOnlyList<string> labels, Func<I3dStream, IWeightSource> weights)
    {
        Directory.CreateDirectory(directory);
        var model = new ModelDirectory(directory);
        foreach (var stream in I3dStream.Both)
        {
            var path = Path.Combine(directory, stream.FileName);
            WriteAtomically(path, temp => I3dModelBuilder.Write(temp, stream, labels.Count, weights(stream)));
        }
        WriteAtomically(model.LabelsPath, temp => File.WriteAllLines(temp, labels));
        return model;
    }

    /// <summary>The seeded backbone with its seeded or a given head.</summary>
    public static ModelDirectory WriteSeeded(string directory, IReadOnlyList<string> labels, int seed, TwoStreamHead? head = null) =>
        WriteOver(directory, labels, new SeededWeights(seed), head);

    /// <summary>A backbone with its own or a given head.</summary>
    public static ModelDirectory WriteOver(string directory, IReadOnlyList<string> labels, IWeightSource backbone, TwoStreamHead? head = null)
    {
        if (head is not null && head.Classes != labels.Count)
        {
            throw new InvalidDataException($"The head has {head.Classes} classes but there are {labels.Count} labels.");
        }
        return Write(directory, labels, stream => head is null ? backbone : new HeadOverlay(backbone, head.For(stream)));
    }

    private static void WriteAtomically(string path, Action<string> write)
    {
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            write(temp);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
