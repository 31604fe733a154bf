using System.Collections.Concurrent;
using ExerciseFunctions.Runtime.Inference;
using ExerciseFunctions.Runtime.Models;

namespace ExerciseFunctions.Pipeline.Inference;

/// <summary>
/// Both I3D sessions, labels and version of one model directory. Sessions are created once per process and
/// shared by every activity (ONNX Runtime's Run is thread-safe), never per call.
/// </summary>
public sealed class LoadedModel
{
    private static readonly ConcurrentDictionary<string, Lazy<LoadedModel>> Cache = new();

    private LoadedModel(ModelDirectory directory, InferenceOptions options)
    {
        Labels = directory.ReadLabels();
        Version = directory.Version;
        Rgb = I3dSession.Open(directory.RgbModelPath, options);
        Flow = I3dSession.Open(directory.FlowModelPath, options);
    }

    public IReadOnlyList<string> Labels { get; }
    public string Version { get; }
    public I3dSession Rgb { get; }
    public I3dSession Flow { get; }

    /// <summary>The process-wide model of <paramref name="directory"/> (null: the default model, built on first use).</summary>
    public static LoadedModel Get(string? directory, InferenceOptions options)
    {
        var key = $"{directory}|{options.Device}|{options.Threads}";
        return Cache.GetOrAdd(key, _ => new Lazy<LoadedModel>(() => new LoadedModel(
            string.IsNullOrWhiteSpace(directory) ? DefaultModel.Ensure() : new ModelDirectory(directory), options))).Value;
    }
}
