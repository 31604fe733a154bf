using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using ExerciseFunctions.Runtime.Video;

namespace ExerciseFunctions.Runtime.Models;

/// <summary>
/// A two-stream model on disk: rgb.onnx, flow.onnx and labels.txt. Below it, two of the optional files it may hold
/// (<see cref="ConfidenceCalibration"/>, <see cref="ModelPreprocessing"/>); the rejector has a file of its own.
/// </summary>
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

/// <summary>
/// The content of <c>calibration.json</c>: temperature scaling (Guo et al. 2017). The fused logits are divided by
/// <see cref="Temperature"/> before the softmax, which leaves the top class as it is and makes the probabilities
/// match how often the model is right. Optional: a model directory without it uses temperature 1.
/// </summary>
public sealed record ConfidenceCalibration(double Temperature)
{
    public const string FileName = "calibration.json";

    public static readonly ConfidenceCalibration None = new(1.0);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>The calibration of <paramref name="model"/>, or <see cref="None"/> when it has none.</summary>
    /// <exception cref="InvalidDataException">The file is not a calibration or its temperature is not a positive number.</exception>
    public static ConfidenceCalibration Load(ModelDirectory model)
    {
        var path = Path.Combine(model.Path, FileName);
        if (!File.Exists(path))
        {
            return None;
        }
        ConfidenceCalibration? calibration;
        try
        {
            calibration = JsonSerializer.Deserialize<ConfidenceCalibration>(File.ReadAllText(path), Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a calibration file: {e.Message}", e);
        }
        return calibration is { Temperature: > 0 and < double.PositiveInfinity }
            ? calibration
            : throw new InvalidDataException($"{path}: the temperature must be a positive number.");
    }

    /// <summary>Writes <c>calibration.json</c> into <paramref name="directory"/> (a model directory being written).</summary>
    public void WriteTo(string directory) => File.WriteAllText(Path.Combine(directory, FileName), ToJson());

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}

/// <summary>
/// The content of <c>preprocessing.json</c>: how the model's networks were fed during training, so that it sees
/// inputs like those, e.g. <c>{"channelOrder": "bgr", "frameRate": "source"}</c> for a head fine-tuned as the
/// reference work did (OpenCV's BGR frames at the video's own rate). Optional: without it, RGB resampled to 25 fps.
/// Every path that classifies reads videos through it (<see cref="Apply"/>).
/// </summary>
public sealed record ModelPreprocessing(ChannelOrder ChannelOrder = ChannelOrder.Rgb, FrameSampling FrameRate = FrameSampling.Resampled)
{
    public const string FileName = "preprocessing.json";

    public static readonly ModelPreprocessing Default = new();

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    /// <summary>The preprocessing <paramref name="model"/> declares, or <see cref="Default"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a preprocessing declaration (e.g. an unknown channel order).</exception>
    public static ModelPreprocessing Load(ModelDirectory model)
    {
        var path = Path.Combine(model.Path, FileName);
        if (!File.Exists(path))
        {
            return Default;
        }
        try
        {
            return JsonSerializer.Deserialize<ModelPreprocessing>(File.ReadAllText(path), Json) ?? throw new InvalidDataException($"{path} is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a preprocessing file (channelOrder: rgb or bgr; frameRate: resampled or source): {e.Message}", e);
        }
    }

    /// <summary>Writes <c>preprocessing.json</c> into <paramref name="directory"/> (a model directory being written).</summary>
    public void WriteTo(string directory) => File.WriteAllText(Path.Combine(directory, FileName), JsonSerializer.Serialize(this, Json));

    /// <summary>The reading options with this model's channel order and frame rate.</summary>
    public VideoReadOptions Apply(VideoReadOptions video) => video with { ChannelOrder = ChannelOrder, Sampling = FrameRate };
}
