using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using ExerciseFunctions.Runtime.Video;

namespace ExerciseFunctions.Runtime.Models;

/// <summary>
/// A two-stream model on disk: rgb.onnx, flow.onnx and labels.txt. Below it, the optional files it may hold
/// (<see cref="ConfidenceCalibration"/>, <see cref="ModelPreprocessing"/>, <see cref="NoveltyRejector"/>).
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

/// <summary>How a clip is judged to be one of the model's classes at all.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RejectionMethod>))]
public enum RejectionMethod
{
    /// <summary>The fused softmax's top probability.</summary>
    MaxSoftmax,

    /// <summary>The log-sum-exp of the fused logits (the negative free energy).</summary>
    Energy,

    /// <summary>Minus the mean squared distance of the standardised features to the nearest class mean (a per-class Gaussian with a shared diagonal covariance).</summary>
    ClassDistance,

    /// <summary>A linear "exercise or not" score on the standardised features, trained with non-exercise clips.</summary>
    Logistic,

    /// <summary>
    /// The log-likelihood ratio of two diagonal Gaussians, exercise clips against non-exercise clips (a seventh class
    /// that is only ever compared with the six together), per feature used.
    /// </summary>
    GaussianRatio,
}

/// <summary>
/// The content of <c>rejection.json</c>. Feature methods standardise the concatenation of the RGB and flow
/// features (<see cref="Mean"/>, <see cref="Scale"/>; a stream left out has scale 0), then use
/// <see cref="ClassMeans"/>, <see cref="Weights"/> and <see cref="Bias"/>, or the non-exercise Gaussian
/// (<see cref="OtherMean"/>, <see cref="OtherScale"/>: 1/σ). With <see cref="Clip"/>, each standardised feature is
/// first limited to ±Clip, so that a test pattern or noise, many σ out, cannot outweigh the features near the
/// exercise clips. A clip is recognised when its score is at least <see cref="Threshold"/>.
/// </summary>
public sealed record RejectionParameters(
    RejectionMethod Method,
    double Threshold,
    float[]? Mean = null,
    float[]? Scale = null,
    float[][]? ClassMeans = null,
    float[]? Weights = null,
    double Bias = 0,
    float[]? OtherMean = null,
    float[]? OtherScale = null,
    double? Clip = null)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>
    /// The RGB then flow features standardised by <see cref="Mean"/> and <see cref="Scale"/>, each limited to ±<see cref="Clip"/>
    /// when there is one: what the feature methods score, the same when they are fitted and when they judge a clip.
    /// </summary>
    public double[] Standardise(float[] rgbFeatures, float[] flowFeatures)
    {
        var (mean, scale) = (Mean!, Scale!);
        var z = new double[mean.Length];
        for (var j = 0; j < z.Length; j++)
        {
            var x = j < rgbFeatures.Length ? rgbFeatures[j] : flowFeatures[j - rgbFeatures.Length];
            z[j] = (x - mean[j]) * (double)scale[j];
            if (Clip is { } clip)
            {
                z[j] = Math.Clamp(z[j], -clip, clip);
            }
        }
        return z;
    }
}

/// <summary>
/// Says whether a clip shows one of the model's classes at all ("not an exercise" otherwise). Optional: a model
/// directory without <c>rejection.json</c> recognises every clip. Pure: the score uses only what inference already
/// computed (pooled features and logits of both streams).
/// </summary>
public sealed class NoveltyRejector
{
    public const string FileName = "rejection.json";

    private NoveltyRejector(RejectionParameters parameters) => Parameters = parameters;

    public RejectionParameters Parameters { get; }

    /// <summary>The rejector of <paramref name="model"/>, or null when it has none.</summary>
    public static NoveltyRejector? Load(ModelDirectory model)
    {
        var path = Path.Combine(model.Path, FileName);
        if (!File.Exists(path))
        {
            return null;
        }
        try
        {
            var parameters = JsonSerializer.Deserialize<RejectionParameters>(File.ReadAllText(path), RejectionParameters.Json)
                ?? throw new InvalidDataException($"{path} is empty.");
            return Create(parameters, path);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a rejection file: {e.Message}", e);
        }
    }

    /// <summary>Checks that the parameters fit their method (and each other) before anything is scored with them.</summary>
    public static NoveltyRejector Create(RejectionParameters parameters, string source = "rejection parameters")
    {
        void Require(bool condition, string what)
        {
            if (!condition)
            {
                throw new InvalidDataException($"{source}: {parameters.Method} {what}.");
            }
        }
        Require(double.IsFinite(parameters.Threshold), "needs a finite threshold");
        Require(parameters.Clip is null or > 0 and < double.PositiveInfinity, "needs a positive, finite clip");
        if (parameters.Method is RejectionMethod.ClassDistance or RejectionMethod.Logistic or RejectionMethod.GaussianRatio)
        {
            var dimensions = parameters.Mean?.Length ?? 0;
            Require(dimensions > 0 && parameters.Scale?.Length == dimensions, "needs a mean and a scale of the same length");
            Require(parameters.Method != RejectionMethod.ClassDistance
                || parameters.ClassMeans is { Length: > 0 } means && means.All(m => m.Length == dimensions), "needs class means of the features' length");
            Require(parameters.Method != RejectionMethod.Logistic || parameters.Weights?.Length == dimensions, "needs weights of the features' length");
            Require(parameters.Method != RejectionMethod.GaussianRatio
                || parameters.OtherMean?.Length == dimensions && parameters.OtherScale?.Length == dimensions, "needs the other Gaussian's mean and scale of the features' length");
        }
        return new NoveltyRejector(parameters);
    }

    /// <summary>True when the clip looks like one of the classes; the label of a refused clip still names the closest class.</summary>
    public bool Recognizes(float[] rgbFeatures, float[] flowFeatures, float[] rgbLogits, float[] flowLogits) =>
        Score(rgbFeatures, flowFeatures, rgbLogits, flowLogits) >= Parameters.Threshold;

    /// <summary>Higher is more like the training classes.</summary>
    public double Score(float[] rgbFeatures, float[] flowFeatures, float[] rgbLogits, float[] flowLogits)
    {
        var p = Parameters;
        switch (p.Method)
        {
            case RejectionMethod.MaxSoftmax:
                var (top, logSumExp) = FusedLogSumExp(rgbLogits, flowLogits);
                return Math.Exp(top - logSumExp);
            case RejectionMethod.Energy:
                return FusedLogSumExp(rgbLogits, flowLogits).LogSumExp;
        }
        if (p.Method == RejectionMethod.GaussianRatio)
        {
            return GaussianRatio(rgbFeatures, flowFeatures);
        }
        var z = Standardise(rgbFeatures, flowFeatures);
        if (p.Method == RejectionMethod.Logistic)
        {
            var sum = p.Bias;
            for (var j = 0; j < z.Length; j++)
            {
                sum += p.Weights![j] * z[j];
            }
            return sum;
        }
        var used = p.Scale!.Count(s => s != 0);
        return -p.ClassMeans!.Min(centre =>
        {
            var distance = 0.0;
            for (var j = 0; j < z.Length; j++)
            {
                // A dimension left out (scale 0) has z = 0 and a class mean of 0: it adds nothing.
                var d = z[j] - centre[j];
                distance += d * d;
            }
            return distance;
        }) / Math.Max(1, used);
    }

    /// <summary>
    /// The largest summed logit and the log-sum-exp of the summed logits (the streams fused as the method fuses them):
    /// the top softmax probability is exp(max − log-sum-exp). Worked out here, shifted by the maximum, so that the
    /// model files stay independent of the classification code.
    /// </summary>
    private static (double Max, double LogSumExp) FusedLogSumExp(float[] rgbLogits, float[] flowLogits)
    {
        if (rgbLogits.Length != flowLogits.Length)
        {
            throw new ArgumentException($"The streams' logits differ in length: {rgbLogits.Length} and {flowLogits.Length}.");
        }
        var fused = rgbLogits.Select((rgb, k) => (double)(rgb + flowLogits[k])).ToArray();
        var max = fused.Max();
        return (max, max + Math.Log(fused.Sum(l => Math.Exp(l - max))));
    }

    private double GaussianRatio(float[] rgbFeatures, float[] flowFeatures)
    {
        var p = Parameters;
        RequireLength(rgbFeatures, flowFeatures);
        var (sum, used) = (0.0, 0);
        for (var j = 0; j < p.Mean!.Length; j++)
        {
            if (p.Scale![j] == 0)
            {
                continue;
            }
            var x = j < rgbFeatures.Length ? rgbFeatures[j] : flowFeatures[j - rgbFeatures.Length];
            var exercise = (x - p.Mean[j]) * (double)p.Scale[j];
            var other = (x - p.OtherMean![j]) * (double)p.OtherScale![j];
            sum += -0.5 * exercise * exercise + Math.Log(p.Scale[j]) + 0.5 * other * other - Math.Log(p.OtherScale[j]);
            used++;
        }
        return sum / Math.Max(1, used);
    }

    private void RequireLength(float[] rgbFeatures, float[] flowFeatures)
    {
        if (rgbFeatures.Length + flowFeatures.Length != Parameters.Mean!.Length)
        {
            throw new ArgumentException($"The rejector expects {Parameters.Mean.Length} features of both streams together, got {rgbFeatures.Length} + {flowFeatures.Length}.");
        }
    }

    private double[] Standardise(float[] rgbFeatures, float[] flowFeatures)
    {
        RequireLength(rgbFeatures, flowFeatures);
        return Parameters.Standardise(rgbFeatures, flowFeatures);
    }
}
