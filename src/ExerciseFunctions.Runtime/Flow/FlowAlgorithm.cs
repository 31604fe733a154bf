namespace ExerciseFunctions.Runtime.Flow;

public enum FlowAlgorithm
{
    /// <summary>The reference work's setting: 0.5, 3, 15, 3, 5, 1.2, 0.</summary>
    Farneback,
    /// <summary>The paper's TV-L1.</summary>
    TvL1,
}
