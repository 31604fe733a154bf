using ExerciseFunctions.Core.Synthesis;

namespace ExerciseFunctions.Cli.Benchmarks;

/// <summary>Generated exercise videos of the sizes and lengths the benchmark asks for, in a temporary folder.</summary>
internal sealed class BenchInputs : IDisposable
{
    readonly string _folder = Directory.CreateTempSubdirectory("exercise-bench-").FullName;
    int _count;

    /// <summary>A 30 fps squat clip; a portrait clip is stored landscape with a 90° tag, like a phone's.</summary>
    public BenchInput Clip(int width, int height, bool portrait, double seconds)
    {
        var options = new SynthesisOptions
        {
            OutputDirectory = Path.Combine(_folder, $"{_count++}"),
            PerClass = 1,
            Seed = 2026,
            MinSeconds = seconds,
            MaxSeconds = seconds,
            Sizes = [new FrameSize(width, height)],
            PortraitShare = portrait ? 1 : 0,
            FrameRates = [30],
            Classes = ["bw-squat_correct"],
        };
        var video = SyntheticVideoGenerator.Generate(options).Videos.Single();
        var orientation = portrait ? "portrait, rotation-tagged" : "landscape";
        return new BenchInput($"{Math.Min(width, height)}p {orientation}, {seconds:F0} s", video.Path);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
