using System.Text.Json;
using System.Text.Json.Serialization;
using ExerciseFunctions.Runtime.Video;

namespace ExerciseFunctions.Runtime.Models;

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
