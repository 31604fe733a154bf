using ExerciseFunctions.Core.Inference;

namespace ExerciseFunctions.Cli.Benchmarks;

/// <summary>What one benchmark run covers. Quick runs use fewer repeats and smaller inputs.</summary>
public sealed record BenchSettings(bool Quick, InferenceDevice Device)
{
    public int Runs => Quick ? 3 : 5;
}
