using ExerciseFunctions.Runtime.Inference;

namespace ExerciseFunctions.Cli.Benchmarks;

/// <summary>The parts of the benchmark; `bench --stage` picks some (default: all).</summary>
public enum BenchStage { Decode, Preprocess, Flow, Inference, EndToEnd, Throughput }

/// <summary>What one benchmark run covers. Quick runs use fewer repeats and smaller inputs.</summary>
public sealed record BenchSettings(bool Quick, InferenceDevice Device, IReadOnlySet<BenchStage> Stages)
{
    public int Runs => Quick ? 3 : 5;

    public bool Includes(BenchStage stage) => Stages.Contains(stage);
}
