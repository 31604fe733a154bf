using ExerciseFunctions.Runtime.Inference;
using ExerciseFunctions.Runtime.Models;
using ExerciseFunctions.Runtime.Video;
using Microsoft.Extensions.Logging;

namespace ExerciseFunctions.Runtime.Classification;

/// <summary>
/// A model directory loaded for inference: both I3D sessions, the labels and the version. Load once per process and
/// share (ONNX Runtime's Run is thread-safe). Each stream's clip is assembled here, for every caller.
/// </summary>
public sealed class TwoStreamModel : IDisposable
{
    private readonly I3dSession rgb;
    private readonly I3dSession flow;

    private TwoStreamModel(
        IReadOnlyList<string> labels, string version, NoveltyRejector? rejector, ConfidenceCalibration calibration, ModelPreprocessing preprocessing, I3dSession rgb, I3dSession flow)
    {
        Labels = labels;
        Version = version;
        Rejector = rejector;
        Calibration = calibration;
        Preprocessing = preprocessing;
        this.rgb = rgb;
        this.flow = flow;
    }

    public IReadOnlyList<string> Labels { get; }

    /// <summary>Short content hash of the model files (<see cref="ModelDirectory.Version"/>).</summary>
    public string Version { get; }

    /// <summary>Says whether a clip is an exercise at all; null: every clip is.</summary>
    public NoveltyRejector? Rejector { get; }

    /// <summary>The temperature the fused logits are divided by before the softmax (1 when the model has no calibration).</summary>
    public ConfidenceCalibration Calibration { get; }

    /// <summary>How videos are read for this model: channel order and frame rate (<see cref="ModelPreprocessing"/>).</summary>
    public ModelPreprocessing Preprocessing { get; }

    /// <summary>The device the sessions run on (CUDA falls back to the CPU when it cannot load).</summary>
    public InferenceDevice Device => rgb.Device;

    public static TwoStreamModel Load(ModelDirectory directory, InferenceOptions options, ILogger? logger = null)
    {
        var labels = directory.ReadLabels();
        var rgb = I3dSession.Open(directory.RgbModelPath, options, logger);
        try
        {
            return new TwoStreamModel(
                labels, directory.Version, NoveltyRejector.Load(directory), ConfidenceCalibration.Load(directory), ModelPreprocessing.Load(directory),
                rgb, I3dSession.Open(directory.FlowModelPath, options, logger));
        }
        catch
        {
            rgb.Dispose();
            throw;
        }
    }

    /// <summary>RGB stream: frames scaled to [-1, 1].</summary>
    public StreamOutput ScoreRgb(IReadOnlyList<byte[]> frames) => rgb.Run(FramePreprocessor.ToModelInput(frames), frames.Count);

    /// <summary>Flow stream: per-frame flow fields, already clipped, scaled and rounded by the method.</summary>
    public StreamOutput ScoreFlow(IReadOnlyList<float[]> flowFields)
    {
        var length = flowFields[0].Length;
        var clip = new float[flowFields.Count * length];
        for (var i = 0; i < flowFields.Count; i++)
        {
            flowFields[i].CopyTo(clip, i * length);
        }
        return flow.Run(clip, flowFields.Count);
    }

    public void Dispose()
    {
        rgb.Dispose();
        flow.Dispose();
    }
}
