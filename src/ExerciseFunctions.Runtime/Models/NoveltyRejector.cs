using System.Text.Json;
using System.Text.Json.Serialization;
using ExerciseFunctions.Runtime.Inference;

namespace ExerciseFunctions.Runtime.Models;

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
/// (<see cref="OtherMean"/>, <see cref="OtherScale"/>: 1/σ). A clip is recognised when its score is at
/// least <see cref="Threshold"/>.
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
    float[]? OtherScale = null)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
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
                return LogitFusion.Softmax(LogitFusion.Sum(rgbLogits, flowLogits)).Max();
            case RejectionMethod.Energy:
                var fused = LogitFusion.Sum(rgbLogits, flowLogits);
                var max = fused.Max();
                return max + Math.Log(fused.Sum(l => Math.Exp(l - max)));
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
        var (mean, scale) = (Parameters.Mean!, Parameters.Scale!);
        RequireLength(rgbFeatures, flowFeatures);
        var z = new double[mean.Length];
        for (var j = 0; j < z.Length; j++)
        {
            var x = j < rgbFeatures.Length ? rgbFeatures[j] : flowFeatures[j - rgbFeatures.Length];
            z[j] = (x - mean[j]) * (double)scale[j];
        }
        return z;
    }
}
