using System.Text.Json;
using ExerciseFunctions.Runtime.Models;
using ExerciseFunctions.Testing;

namespace ExerciseFunctions.Cli.Tests;

/// <summary>
/// `exercise calibrate` on twelve tiny videos over a seeded model: the temperature it writes minimises the negative
/// log-likelihood of the true classes (worked out here from the logits `classify` prints), and `classify` then reports
/// the softmax of the fused logits divided by it.
/// </summary>
public sealed class CalibrateCommandTests : IDisposable
{
    // Clips, the model and the labelled copies all lie in the one temporary folder.
    private readonly GeneratedVideoDirectory videos = new();

    [Fact]
    public async Task Calibrate_writes_the_temperature_that_fits_the_videos_and_classify_uses_it()
    {
        var labels = ExerciseClasses.Default;
        var model = ModelWriter.WriteSeeded(videos.File("model"), labels, seed: 11).Path;
        // The seeded model's own verdicts decide the labels: half of the clips labelled with its top class, half with
        // another, so that the best temperature lies inside the search range (all wrong would push it to the top end).
        var data = Directory.CreateDirectory(videos.File("data")).FullName;
        var fused = new List<(double[] Logits, int Truth)>();
        for (var i = 0; i < 12; i++)
        {
            var video = videos.Write($"clip{i}.avi", new VideoSpec(64, 48, 25, 20) { Draw = GeneratedVideos.MovingSquare(i % 6, i / 6) });
            var (logits, _) = await FusedLogitsAsync(video, model);
            var top = Array.IndexOf(logits, logits.Max());
            var truth = i % 2 == 0 ? top : (top + 1) % labels.Count;
            File.Copy(video, Path.Combine(data, $"{labels[truth]}_front_{i}.avi"));
            fused.Add((logits, truth));
        }

        var calibrate = await CliProcess.RunAsync("calibrate", "--data", data, "--models", model, "--json");

        Assert.True(calibrate.ExitCode == 0, calibrate.Stderr);
        var report = JsonDocument.Parse(calibrate.Stdout).RootElement;
        Assert.Equal(fused.Count, report.GetProperty("clips").GetInt32());
        var temperature = report.GetProperty("calibration").GetProperty("temperature").GetDouble();
        var written = JsonDocument.Parse(File.ReadAllText(Path.Combine(model, "calibration.json"))).RootElement.GetProperty("temperature").GetDouble();
        Assert.Equal(temperature, written);
        double NegativeLogLikelihood(double t) => fused.Average(clip => -Math.Log(Softmax(clip.Logits, t)[clip.Truth]));
        Assert.InRange(temperature, 0.011, 99);
        Assert.True(NegativeLogLikelihood(temperature) <= NegativeLogLikelihood(temperature * 1.02), "a higher temperature fits better");
        Assert.True(NegativeLogLikelihood(temperature) <= NegativeLogLikelihood(temperature / 1.02), "a lower temperature fits better");
        Assert.NotEqual(1.0, temperature, 0.02);

        var (again, confidence) = await FusedLogitsAsync(videos.File("clip0.avi"), model);
        Assert.Equal(Softmax(again, temperature).Max(), confidence, 1e-6);
    }

    /// <summary>`classify --json`: the fused logits (RGB + flow, as printed) and the confidence.</summary>
    static async Task<(double[] Logits, double Confidence)> FusedLogitsAsync(string video, string model)
    {
        var result = await CliProcess.ClassifyAsync(video, model);
        return (Floats(result, "rgbLogits").Zip(Floats(result, "flowLogits"), (rgb, flow) => rgb + flow).ToArray(), result.GetProperty("confidence").GetDouble());
    }

    static double[] Floats(JsonElement result, string name) => result.GetProperty(name).EnumerateArray().Select(v => v.GetDouble()).ToArray();

    static double[] Softmax(double[] logits, double temperature)
    {
        var max = logits.Max();
        var exp = logits.Select(l => Math.Exp((l - max) / temperature)).ToArray();
        return exp.Select(e => e / exp.Sum()).ToArray();
    }

    public void Dispose() => videos.Dispose();
}
