using ExerciseFunctions.Cli.Benchmarks.Scale;
using ExerciseFunctions.Runtime.Inference;

namespace ExerciseFunctions.Cli.Benchmarks;

/// <summary>The parts of the benchmark; `bench --stage` picks some (default: all but <see cref="Scale"/>, which takes minutes and many processes).</summary>
public enum BenchStage { Decode, Preprocess, Flow, Inference, EndToEnd, Throughput, Scale }

/// <summary>What one benchmark run covers. Quick runs use fewer repeats and smaller inputs.</summary>
public sealed record BenchSettings(bool Quick, InferenceDevice Device, IReadOnlySet<BenchStage> Stages)
{
    public int Runs => Quick ? 3 : 5;

    public ScaleSettings Scale { get; init; } = ScaleSettings.For(quick: false);

    /// <summary>The user's own clips (a phone's) for the preprocessing stage, in place of the generated ones.</summary>
    public IReadOnlyList<string> Videos { get; init; } = [];

    public bool Includes(BenchStage stage) => Stages.Contains(stage);
}
