using ExerciseFunctions.Runtime.I3d;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;

namespace ExerciseFunctions.Modelling.Calibration;

/// <summary>Calibration progress: levels done of all levels, in one stream.</summary>
public sealed record CalibrationProgress(I3dStream Stream, int Done, int Total);

/// <summary>
/// Data-dependent batch-norm statistics for a network without trained ones (a seeded backbone): level by level,
/// each unit's moving mean and variance become the per-channel mean and variance of its conv output on the
/// calibration clips, given the already calibrated units before it. Every unit then feeds its ReLU a zero-mean,
/// unit-variance signal, as trained batch norms do — without it, a deep random network's pooled features of
/// different videos are nearly identical.
/// </summary>
public static class BatchNormCalibrator
{
    /// <summary>Unit scopes grouped so that each group's inputs depend only on units of earlier groups.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Levels(I3dStream stream)
    {
        var levels = new List<IReadOnlyList<string>>();
        foreach (var layer in I3dArchitecture.Backbone)
        {
            var scope = I3dArchitecture.LayerScope(stream, layer.Name);
            if (layer is Unit3D)
            {
                levels.Add([scope]);
            }
            else if (layer is MixedBlock block)
            {
                var depth = block.Branches.Max(branch => branch.Count);
                for (var position = 0; position < depth; position++)
                {
                    levels.Add(block.Branches.Where(b => b.Count > position).Select(b => $"{scope}/{b[position].Name}").ToList());
                }
            }
        }
        return levels;
    }

    /// <summary>Statistics of every unit of <paramref name="stream"/>; each clip is NTHWC [1, T, 224, 224, C].</summary>
    public static BatchNormStatistics Calibrate(
        I3dStream stream, IWeightSource weights, IReadOnlyList<float[]> clips, int threads, IProgress<CalibrationProgress>? progress = null)
    {
        if (clips.Count == 0)
        {
            throw new ArgumentException("Calibration needs at least one clip.", nameof(clips));
        }
        var statistics = new BatchNormStatistics();
        var levels = Levels(stream);
        for (var i = 0; i < levels.Count; i++)
        {
            var moments = Measure(stream, new CalibratedWeights(weights, statistics), levels[i], clips, threads);
            foreach (var (scope, moment) in levels[i].Zip(moments))
            {
                statistics.Set(scope, moment.Mean, moment.Variance);
            }
            progress?.Report(new CalibrationProgress(stream, i + 1, levels.Count));
        }
        return statistics;
    }

    private static (float[] Mean, float[] Variance)[] Measure(
        I3dStream stream, IWeightSource weights, IReadOnlyList<string> units, IReadOnlyList<float[]> clips, int threads)
    {
        var outputs = units.Select(unit => $"{unit}/conv_3d").ToArray();
        // Exposing the conv outputs keeps them from being fused with their batch norms, and ONNX Runtime runs only
        // the nodes these outputs need.
        var model = I3dModelBuilder.WithOutputs(I3dModelBuilder.Build(stream, classes: 1, weights), outputs);
        using var options = new SessionOptions { IntraOpNumThreads = threads, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        using var session = new InferenceSession(model.ToByteArray(), options);
        var sums = outputs.Select(_ => new ChannelMoments()).ToArray();
        foreach (var clip in clips)
        {
            var frames = clip.Length / (I3dArchitecture.FrameSize * I3dArchitecture.FrameSize * stream.Channels);
            using var input = OrtValue.CreateTensorValueFromMemory(clip, [1, frames, I3dArchitecture.FrameSize, I3dArchitecture.FrameSize, stream.Channels]);
            using var runOptions = new RunOptions();
            using var results = session.Run(runOptions, [I3dModelBuilder.InputName], [input], outputs);
            for (var o = 0; o < outputs.Length; o++)
            {
                var shape = results[o].GetTensorTypeAndShape().Shape;
                sums[o].Add(results[o].GetTensorDataAsSpan<float>(), (int)shape[1]);
            }
        }
        return sums.Select(s => s.Result()).ToArray();
    }

    /// <summary>Per-channel sums over an NCTHW tensor's batch, time and space, in double precision.</summary>
    private sealed class ChannelMoments
    {
        private double[] sum = [];
        private double[] sumOfSquares = [];
        private long count;

        public void Add(ReadOnlySpan<float> values, int channels)
        {
            if (sum.Length == 0)
            {
                (sum, sumOfSquares) = (new double[channels], new double[channels]);
            }
            var perChannel = values.Length / channels;
            for (var c = 0; c < channels; c++)
            {
                double s = 0, s2 = 0;
                foreach (var v in values.Slice(c * perChannel, perChannel))
                {
                    s += v;
                    s2 += (double)v * v;
                }
                sum[c] += s;
                sumOfSquares[c] += s2;
            }
            count += perChannel;
        }

        public (float[] Mean, float[] Variance) Result()
        {
            var mean = sum.Select(s => s / count).ToArray();
            var variance = sumOfSquares.Select((s2, c) => Math.Max(0, s2 / count - mean[c] * mean[c])).ToArray();
            return (mean.Select(m => (float)m).ToArray(), variance.Select(v => (float)v).ToArray());
        }
    }
}
