using ExerciseFunctions.Modelling.Calibration;
using ExerciseFunctions.Runtime.I3d;
using ExerciseFunctions.Testing;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;

namespace ExerciseFunctions.Modelling.Tests.Calibration;

public class BatchNormCalibrationTests
{
    private const int Frames = 9;

    [Fact]
    public void Levels_hold_every_unit_once_and_each_after_the_units_it_reads()
    {
        var levels = BatchNormCalibrator.Levels(I3dStream.Rgb);

        var units = I3dVariable.For(I3dStream.Rgb, 6).Where(v => v.Kind == VariableKind.BatchNormMean).Select(v => CalibratedWeights.UnitScope(v.Name)).ToList();
        Assert.Equal(units.Order(), levels.SelectMany(l => l).Order());
        Assert.Equal(21, levels.Count);
        // Inside a block, a branch's 3x3 conv reads its 1x1 reduction: the reduction is one level earlier.
        var index = levels.Select((level, i) => (level, i)).SelectMany(p => p.level.Select(unit => (unit, p.i))).ToDictionary(p => p.unit, p => p.i);
        Assert.Equal(index["RGB/inception_i3d/Mixed_4f/Branch_1/Conv3d_0a_1x1"] + 1, index["RGB/inception_i3d/Mixed_4f/Branch_1/Conv3d_0b_3x3"]);
        Assert.True(index["RGB/inception_i3d/Mixed_4f/Branch_1/Conv3d_0b_3x3"] < index["RGB/inception_i3d/Mixed_5b/Branch_0/Conv3d_0a_1x1"]);
    }

    [Fact]
    public void Calibrated_batch_norms_standardise_their_inputs_on_the_calibration_clips()
    {
        var clips = new[] { SeededModelFixture.RandomClip(Frames, 3, 1), SeededModelFixture.RandomClip(Frames, 3, 2) };
        var seeded = new SeededWeights(7);

        var statistics = BatchNormCalibrator.Calibrate(I3dStream.Rgb, seeded, clips, threads: 2);

        // The first unit and one of the last: the last only comes out standardised if every unit before it was
        // calibrated first.
        string[] units = ["RGB/inception_i3d/Conv3d_1a_7x7", "RGB/inception_i3d/Mixed_5c/Branch_1/Conv3d_0b_3x3"];
        foreach (var (unit, (mean, variance)) in units.Zip(NormalisedMoments(new CalibratedWeights(seeded, statistics), units, clips)))
        {
            Assert.True(mean.Average(Math.Abs) < 1e-3, $"{unit}: mean |mean| {mean.Average(Math.Abs)}");
            Assert.InRange(variance.Average(), 0.9, 1.001);
        }
        var (uncalibratedMean, _) = NormalisedMoments(seeded, units[1..], clips)[0];
        Assert.True(uncalibratedMean.Average(Math.Abs) > 0.1, "without calibration the deep unit's inputs are far from centred");
    }

    [Fact]
    public void Statistics_replace_only_the_moving_statistics()
    {
        var statistics = new BatchNormStatistics();
        statistics.Set("RGB/inception_i3d/Conv3d_2b_1x1", Enumerable.Range(0, 64).Select(i => i * 0.5f).ToArray(), Enumerable.Repeat(2f, 64).ToArray());

        var weights = new CalibratedWeights(new SeededWeights(3), statistics);

        var unit = I3dVariable.For(I3dStream.Rgb, 6).Where(v => v.Name.StartsWith("RGB/inception_i3d/Conv3d_2b_1x1/", StringComparison.Ordinal)).ToList();
        Assert.Equal(31.5f, weights.Read(unit.Single(v => v.Kind == VariableKind.BatchNormMean))[63]);
        Assert.Equal(2f, weights.Read(unit.Single(v => v.Kind == VariableKind.BatchNormVariance))[0]);
        var kernel = unit.Single(v => v.Kind == VariableKind.ConvKernel);
        Assert.Equal(new SeededWeights(3).Read(kernel), weights.Read(kernel));
        var other = I3dVariable.For(I3dStream.Rgb, 6).First(v => v.Kind == VariableKind.BatchNormVariance);
        Assert.All(weights.Read(other), v => Assert.Equal(1f, v));
    }

    /// <summary>Per-channel mean and variance of each unit's batch-norm output over the clips.</summary>
    private static (double[] Mean, double[] Variance)[] NormalisedMoments(IWeightSource weights, string[] units, float[][] clips)
    {
        var outputs = units.Select(u => $"{u}/batch_norm").ToArray();
        var model = I3dModelBuilder.WithOutputs(I3dModelBuilder.Build(I3dStream.Rgb, 6, weights), outputs);
        using var options = new SessionOptions { IntraOpNumThreads = 2 };
        using var session = new InferenceSession(model.ToByteArray(), options);
        var values = outputs.Select(_ => new List<(int Channels, float[] Data)>()).ToArray();
        foreach (var clip in clips)
        {
            using var input = OrtValue.CreateTensorValueFromMemory(clip, [1, Frames, 224, 224, 3]);
            using var results = session.Run(new RunOptions(), [I3dModelBuilder.InputName], [input], outputs);
            for (var o = 0; o < outputs.Length; o++)
            {
                values[o].Add(((int)results[o].GetTensorTypeAndShape().Shape[1], results[o].GetTensorDataAsSpan<float>().ToArray()));
            }
        }
        return values.Select(Moments).ToArray();
    }

    private static (double[] Mean, double[] Variance) Moments(List<(int Channels, float[] Data)> tensors)
    {
        var channels = tensors[0].Channels;
        var perChannel = Enumerable.Range(0, channels).Select(c => tensors.SelectMany(t =>
        {
            var size = t.Data.Length / channels;
            return t.Data.Skip(c * size).Take(size).Select(v => (double)v);
        }).ToArray()).ToArray();
        var mean = perChannel.Select(v => v.Average()).ToArray();
        return (mean, perChannel.Select((v, c) => v.Average(x => (x - mean[c]) * (x - mean[c]))).ToArray());
    }
}
