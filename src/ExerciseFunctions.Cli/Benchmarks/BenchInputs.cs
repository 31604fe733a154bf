using ExerciseFunctions.Cli.Commands.Pipeline;

namespace ExerciseFunctions.Cli.Benchmarks;

/// <summary>Generated exercise videos of the sizes and lengths the benchmark asks for, in a temporary folder.</summary>
internal sealed class BenchInputs : IDisposable
{
    readonly string _folder = Directory.CreateTempSubdirectory("exercise-bench-").FullName;
    int _count;

    public BenchInput Clip(int width, int height, bool portrait, double seconds, string className = "bw-squat_correct")
    {
        var path = SampleVideo.Write(Path.Combine(_folder, $"{_count++}"), width, height, portrait, seconds, className);
        var orientation = portrait ? "portrait, rotation-tagged" : "landscape";
        return new BenchInput($"{Math.Min(width, height)}p {orientation}, {seconds:F0} s", path);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
