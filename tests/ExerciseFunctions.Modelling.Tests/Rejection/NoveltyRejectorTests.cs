using System.Text.Json;
using ExerciseFunctions.Modelling.Rejection;
using ExerciseFunctions.Runtime.Models;

namespace ExerciseFunctions.Modelling.Tests.Rejection;

/// <summary>
/// The rejection on seeded stand-in features: six exercise classes as clusters in the flow features, clips that are
/// no exercise far from all of them, RGB features pure noise and logits that say nothing, as with the shipped
/// default's random backbone. Fitting must find the feature score, and the file must decide as the fit did.
/// </summary>
public sealed class NoveltyRejectorTests : IDisposable
{
    const int Dimensions = 24;
    private readonly string model = Directory.CreateTempSubdirectory("rejection-").FullName;

    static IReadOnlyList<RejectionExample> Clips(int perClass, int nonExercise, int seed)
    {
        var random = new Random(seed);
        var centres = Enumerable.Range(0, 6).Select(k => Enumerable.Range(0, Dimensions).Select(j => j % 6 == k ? 4f : 0f).ToArray()).ToArray();
        float[] Around(float[] centre, double spread) => centre.Select(c => c + (float)(spread * Gaussian(random))).ToArray();
        float[] Noise() => Around(new float[Dimensions], 1);
        var exercise = Enumerable.Range(0, 6 * perClass).Select(i => new RejectionExample(Noise(), Around(centres[i % 6], 0.5), new float[6], new float[6], i % 6));
        var others = Enumerable.Range(0, nonExercise).Select(_ => new RejectionExample(Noise(), Around(new float[Dimensions], 1.5), new float[6], new float[6], null));
        return exercise.Concat(others).ToArray();
    }

    static double Gaussian(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    [Fact]
    public void Fitting_chooses_a_feature_score_that_refuses_fresh_non_exercise_clips_and_keeps_exercise_ones()
    {
        var fit = RejectionFitter.Fit(Clips(20, 60, seed: 1), targetRefused: 0.02, seed: 1);
        var rejector = NoveltyRejector.Create(fit.Parameters);

        var fresh = RejectionSummary.Of(rejector, Clips(50, 200, seed: 2));

        Assert.DoesNotContain(fit.Chosen, new[] { "MaxSoftmax", "Energy" });
        Assert.Equal(fit.Candidates.Max(c => c.NonExerciseRefused), fit.Candidates.Single(c => c.Name == fit.Chosen).NonExerciseRefused);
        Assert.InRange(fresh.Rejected!.Value, 0, 0.06);
        Assert.InRange(fresh.NonExerciseAccepted!.Value, 0, 0.05);
    }

    [Theory]
    [InlineData(RejectionMethod.ClassDistance)]
    [InlineData(RejectionMethod.GaussianRatio)]
    public void A_flow_score_ignores_the_rgb_features(RejectionMethod method)
    {
        var clips = Clips(10, 10, seed: 3);
        var parameters = new RejectionCandidate(method, FeatureStreams.Flow).Fit(clips);
        var rejector = NoveltyRejector.Create(parameters);
        var clip = clips[0];

        var score = rejector.Score(clip.Rgb, clip.Flow, clip.RgbLogits, clip.FlowLogits);
        var otherRgb = rejector.Score(clip.Rgb.Select(x => x + 100f).ToArray(), clip.Flow, clip.RgbLogits, clip.FlowLogits);

        Assert.Equal(score, otherRgb);
        Assert.All(parameters.Scale!.Take(Dimensions), s => Assert.Equal(0f, s));
    }

    [Fact]
    public void The_gaussian_ratio_prefers_clips_like_the_exercise_ones()
    {
        var rejector = NoveltyRejector.Create(new RejectionCandidate(RejectionMethod.GaussianRatio, FeatureStreams.Flow).Fit(Clips(20, 60, seed: 5)));
        var fresh = Clips(20, 60, seed: 6);
        double MeanScore(bool exercise) => fresh.Where(c => c.Class is not null == exercise).Average(c => rejector.Score(c.Rgb, c.Flow, c.RgbLogits, c.FlowLogits));

        Assert.True(MeanScore(exercise: true) > MeanScore(exercise: false));
    }

    [Fact]
    public void The_shipped_default_model_carries_its_rejection()
    {
        var rejector = NoveltyRejector.Load(DefaultModel.Ensure(Path.Combine(model, "default")));

        Assert.NotNull(rejector);
        Assert.Equal(2048, rejector.Parameters.Mean!.Length);
    }

    [Fact]
    public void The_threshold_refuses_at_most_the_target_share()
    {
        var scores = Enumerable.Range(1, 100).Select(i => (double)i).ToArray();

        Assert.Equal(4, RejectionFitter.Threshold(scores, 0.035));
        Assert.Equal(1, RejectionFitter.Threshold(scores, 0));
    }

    [Fact]
    public void The_file_in_the_model_directory_decides_as_the_fit_and_its_absence_recognises_everything()
    {
        var directory = new ModelDirectory(model);
        Assert.Null(NoveltyRejector.Load(directory));
        var clips = Clips(10, 30, seed: 4);
        var fitted = NoveltyRejector.Create(RejectionFitter.Fit(clips, 0.02, seed: 1).Parameters);

        File.WriteAllText(Path.Combine(model, NoveltyRejector.FileName), JsonSerializer.Serialize(fitted.Parameters, RejectionParameters.Json));
        var loaded = NoveltyRejector.Load(directory)!;

        Assert.Equal(
            clips.Select(c => fitted.Recognizes(c.Rgb, c.Flow, c.RgbLogits, c.FlowLogits)),
            clips.Select(c => loaded.Recognizes(c.Rgb, c.Flow, c.RgbLogits, c.FlowLogits)));
        Assert.Contains(clips, c => !loaded.Recognizes(c.Rgb, c.Flow, c.RgbLogits, c.FlowLogits));
        Assert.Contains(clips, c => loaded.Recognizes(c.Rgb, c.Flow, c.RgbLogits, c.FlowLogits));
    }

    [Fact]
    public void A_file_whose_parameters_do_not_fit_its_method_is_refused_on_load()
    {
        File.WriteAllText(Path.Combine(model, NoveltyRejector.FileName), """{"method":"ClassDistance","threshold":-1,"mean":[0,0],"scale":[1]}""");

        var error = Assert.Throws<InvalidDataException>(() => NoveltyRejector.Load(new ModelDirectory(model)));

        Assert.Contains("needs a mean and a scale of the same length", error.Message);
    }

    [Fact]
    public void A_clipped_logistic_score_limits_each_standardised_feature()
    {
        // Two flow features, mean 1 and 1/σ = 0.5: raw 21 and -3 standardise to 10 and -2, clipped at 3 to 3 and -2;
        // weights 1 and 2, bias 0.5: 3 - 4 + 0.5 = -0.5 by hand (unclipped it would be 10 - 4 + 0.5 = 6.5).
        var parameters = new RejectionParameters(RejectionMethod.Logistic, 0, Mean: [0, 1, 1], Scale: [0, 0.5f, 0.5f],
            Weights: [0, 1, 2], Bias: 0.5, Clip: 3);

        var score = NoveltyRejector.Create(parameters).Score([7f], [21f, -3f], [0f], [0f]);

        Assert.Equal(-0.5, score, 1e-9);
        var error = Assert.Throws<InvalidDataException>(() => NoveltyRejector.Create(parameters with { Clip = 0 }));
        Assert.Contains("needs a positive, finite clip", error.Message);
    }

    [Fact]
    public void Logit_scores_judge_the_streams_summed()
    {
        // Fused logits [0, ln 3, 0] (the streams summed): the softmax is [1/5, 3/5, 1/5] and the log-sum-exp ln 5,
        // worked out by hand; a large shared offset must not overflow.
        float[] rgb = [1000f, 1000f + (float)Math.Log(3), 999f];
        float[] flow = [-1000f, -1000f, -999f];
        var features = new float[Dimensions];
        double Score(RejectionMethod method) => NoveltyRejector.Create(new RejectionParameters(method, 0)).Score(features, features, rgb, flow);

        Assert.Equal(0.6, Score(RejectionMethod.MaxSoftmax), 1e-4);
        Assert.Equal(Math.Log(5), Score(RejectionMethod.Energy), 1e-4);
    }

    public void Dispose() => Directory.Delete(model, recursive: true);
}
