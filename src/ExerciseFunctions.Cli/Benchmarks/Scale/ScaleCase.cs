namespace ExerciseFunctions.Cli.Benchmarks.Scale;

/// <summary>
/// One configuration of the scale bench: how many worker processes share the task hub, its partition count, and
/// the model or the bench-only fixed-cost stand-in for inference (<see cref="StandIn"/> zero: the real model).
/// </summary>
internal sealed record ScaleCase(int Workers, int Partitions, TimeSpan StandIn)
{
    public string Description => $"{Workers} worker(s), {Partitions} partition(s), " +
        (StandIn > TimeSpan.Zero ? $"STAND-IN inference {StandIn.TotalSeconds:0.###} s/window (not the model)" : "real model");
}
