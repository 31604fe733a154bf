using ExerciseFunctions.Modelling.Calibration;
using ExerciseFunctions.Runtime.Classification;
using ExerciseFunctions.Modelling.Evaluation;
using ExerciseFunctions.Runtime.Flow;
using ExerciseFunctions.Runtime.I3d;
using ExerciseFunctions.Runtime.Video;

namespace ExerciseFunctions.Modelling.Training;

/// <summary>
/// Batch-norm statistics of both streams of a backbone measured on videos (see <see cref="BatchNormCalibrator"/>):
/// the first <see cref="ClipFrames"/> sampled frames of each video, preprocessed exactly as for inference.
/// </summary>
public static class BackboneCalibration
{
    public const int ClipFrames = 32;

    public static BatchNormStatistics Run(
        IReadOnlyList<string> videos, Func<I3dStream, IWeightSource> weights, MethodOptions options, IProgress<CalibrationProgress>? progress = null)
    {
        var flow = new OpticalFlowComputer(options.Flow);
        var rgbClips = new List<float[]>();
        var flowClips = new List<float[]>();
        foreach (var path in videos)
        {
            using var reader = VideoClipReader.Open(path, options.Video);
            var frames = reader.ReadFrames().Take(ClipFrames).ToList();
            rgbClips.Add(FramePreprocessor.ToModelInput(frames));
            flowClips.Add(ClassificationMethod.FlowOfChunk(flow, frames, previousFrame: null).SelectMany(f => f).ToArray());
        }
        var statistics = new BatchNormStatistics();
        foreach (var (stream, clips) in new[] { (I3dStream.Rgb, rgbClips), (I3dStream.Flow, flowClips) })
        {
            var streamStatistics = BatchNormCalibrator.Calibrate(stream, weights(stream), clips, threads: 0, progress);
            statistics.Merge(streamStatistics);
        }
        return statistics;
    }
}
