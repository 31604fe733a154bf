using System.Text.Json;
using ExerciseFunctions.Runtime.Models;
using ExerciseFunctions.Testing;
using OpenCvSharp;

namespace ExerciseFunctions.Cli.Tests;

/// <summary>
/// `exercise fit-rejection` on a seeded model, with moving squares as the exercises and still uniform frames as what
/// is no exercise: it writes the rejection it reports into the model (a new model version), and `classify` then
/// refuses a fresh still clip and recognises a fresh moving square.
/// </summary>
public sealed class FitRejectionCommandTests : IDisposable
{
    private readonly GeneratedVideoDirectory videos = new();

    [Fact]
    public async Task Fit_rejection_writes_the_reported_rejection_and_classify_refuses_a_still_clip()
    {
        var labels = ExerciseClasses.Default;
        var model = ModelWriter.WriteSeeded(videos.File("model"), labels, seed: 11).Path;
        var data = Directory.CreateDirectory(videos.File("data")).FullName;
        var negatives = Directory.CreateDirectory(videos.File("negatives")).FullName;
        for (var i = 0; i < 12; i++)
        {
            Write(Path.Combine(data, $"{labels[i % 6]}_front_{i}.avi"), GeneratedVideos.MovingSquare(i % 6, i / 6));
        }
        for (var i = 0; i < 10; i++)
        {
            Write(Path.Combine(negatives, $"not-exercise_still_{i}.avi"), Still(40 + 16 * i));
        }
        var versionBefore = (await CliProcess.ClassifyAsync(Path.Combine(data, "bw-squat_correct_front_0.avi"), model)).GetProperty("modelVersion").GetString();

        var fit = await CliProcess.RunAsync("fit-rejection", "--data", data, "--negatives", negatives, "--models", model, "--cache", videos.File("cache"), "--json");

        Assert.True(fit.ExitCode == 0, fit.Stderr);
        var report = JsonDocument.Parse(fit.Stdout).RootElement;
        Assert.Equal(12, report.GetProperty("exerciseClips").GetInt32());
        Assert.Equal(10, report.GetProperty("nonExerciseClips").GetInt32());
        var path = Path.Combine(model, "rejection.json");
        Assert.Equal(path, report.GetProperty("path").GetString());
        var written = JsonDocument.Parse(File.ReadAllText(path)).RootElement;
        Assert.StartsWith(written.GetProperty("method").GetString()!, report.GetProperty("chosen").GetString());
        Assert.Equal(report.GetProperty("threshold").GetDouble(), written.GetProperty("threshold").GetDouble());

        var still = Write(videos.File("fresh-still.avi"), Still(100));
        var square = Write(videos.File("fresh-square.avi"), GeneratedVideos.MovingSquare(3, 0));
        var refused = await CliProcess.ClassifyAsync(still, model);
        var recognised = await CliProcess.ClassifyAsync(square, model);
        Assert.False(refused.GetProperty("recognized").GetBoolean(), $"{still} was recognised");
        Assert.True(recognised.GetProperty("recognized").GetBoolean(), $"{square} was refused");
        Assert.NotEqual(versionBefore, recognised.GetProperty("modelVersion").GetString());
    }

    private static Action<Mat, int> Still(int grey) => (frame, _) => frame.SetTo(new Scalar(grey, grey, grey));

    private static string Write(string path, Action<Mat, int> draw) => GeneratedVideos.Write(path, new VideoSpec(64, 48, 25, 20) { Draw = draw });

    public void Dispose() => videos.Dispose();
}
