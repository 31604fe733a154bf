using System.Text.Json;

namespace ExerciseFunctions.Runtime.Models;

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
