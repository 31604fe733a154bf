using System.Security.Cryptography;

namespace ExerciseFunctions.Runtime.Models;

/// <summary>A two-stream model on disk: rgb.onnx, flow.onnx and labels.txt.</summary>
public sealed record ModelDirectory(string Path)
{
    public const string LabelsFileName = "labels.txt";

    public string RgbModelPath => System.IO.Path.Combine(Path, "rgb.onnx");
    public string FlowModelPath => System.IO.Path.Combine(Path, "flow.onnx");
    public string LabelsPath => System.IO.Path.Combine(Path, LabelsFileName);

    /// <summary>Files that change what a model answers when present; hashed in this order after the three (so adding one leaves older versions as they were).</summary>
    private static readonly string[] OptionalFiles = [NoveltyRejector.FileName, ConfidenceCalibration.FileName, ModelPreprocessing.FileName];

    private IEnumerable<string> Files => [RgbModelPath, FlowModelPath, LabelsPath];

    public bool IsComplete => Files.All(File.Exists);

    /// <summary>The class names, one per non-empty line of labels.txt, in logit order.</summary>
    public IReadOnlyList<string> ReadLabels()
    {
        RequireComplete();
        return ParseLabels(File.ReadAllLines(LabelsPath), LabelsPath);
    }

    /// <summary>
    /// Short content hash of the three files and of each optional file there is (<c>rejection.json</c> decides
    /// "recognized", <c>calibration.json</c> the probabilities, <c>preprocessing.json</c> the network's inputs):
    /// recorded with every classification (reads them all).
    /// </summary>
    public string Version
    {
        get
        {
            RequireComplete();
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[1 << 20];
            var optional = OptionalFiles.Select(name => System.IO.Path.Combine(Path, name)).Where(File.Exists);
            foreach (var file in Files.Concat(optional))
            {
                using var stream = File.OpenRead(file);
                int read;
                while ((read = stream.Read(buffer)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                }
            }
            return Convert.ToHexStringLower(hash.GetHashAndReset())[..12];
        }
    }

    /// <summary>Labels from lines of text: trimmed, blank lines skipped; refuses an empty list and duplicates.</summary>
    public static IReadOnlyList<string> ParseLabels(IEnumerable<string> lines, string source)
    {
        var labels = lines.Select(line => line.Trim()).Where(line => line.Length > 0).ToArray();
        if (labels.Length == 0)
        {
            throw new InvalidDataException($"{source} lists no class labels.");
        }
        var duplicates = labels.GroupBy(l => l).Where(g => g.Count() > 1).Select(g => g.Key).ToArray();
        if (duplicates.Length > 0)
        {
            throw new InvalidDataException($"{source} repeats labels: {string.Join(", ", duplicates)}.");
        }
        return labels;
    }

    private void RequireComplete()
    {
        var missing = Files.Where(f => !File.Exists(f)).Select(System.IO.Path.GetFileName).ToArray();
        if (missing.Length > 0)
        {
            throw new FileNotFoundException($"Model directory {Path} lacks {string.Join(", ", missing)}.");
        }
    }
}
