namespace ExerciseFunctions.Cli.Benchmarks.Scale;

/// <summary>Which inference the scale rows use: the real model, the bench-only fixed-cost stand-in, or a row of each.</summary>
public enum ScaleInference { Model, StandIn, Both }

/// <summary>
/// The scale stage's matrix: every partition count × worker count, each with the model and/or the stand-in, every row
/// on the same <see cref="Clips"/> uploads.
/// </summary>
public sealed record ScaleSettings(int Clips, IReadOnlyList<int> Workers, IReadOnlyList<int> Partitions, ScaleInference Inference, TimeSpan StandIn)
{
    /// <summary>Quick: 12 clips, 1 and 2 workers, 4 partitions (4 rows, a few minutes on two idle cores); full: 60 clips, 1, 2 and 4 workers, 1, 4 and 16 partitions.</summary>
    public static ScaleSettings For(bool quick) => quick
        ? new(12, [1, 2], [4], ScaleInference.Both, TimeSpan.FromSeconds(0.5))
        : new(60, [1, 2, 4], [1, 4, 16], ScaleInference.Both, TimeSpan.FromSeconds(0.5));

    internal IEnumerable<ScaleCase> Cases() =>
        from partitions in Partitions
        from workers in Workers
        from standIn in Inference switch
        {
            ScaleInference.Model => [TimeSpan.Zero],
            ScaleInference.StandIn => [StandIn],
            _ => new[] { TimeSpan.Zero, StandIn },
        }
        select new ScaleCase(workers, partitions, standIn);
}
