using ExerciseFunctions.Runtime.I3d;

namespace ExerciseFunctions.Runtime.Tests.I3d;

/// <summary>The variables of the public checkpoints (i3d-checkpoint-variables.tsv): full name → TF shape.</summary>
internal static class CheckpointVariableList
{
    public const int KineticsClasses = 400;

    public static IReadOnlyDictionary<string, int[]> For(I3dStream stream) =>
        File.ReadLines(Path.Combine(AppContext.BaseDirectory, "I3d", "i3d-checkpoint-variables.tsv"))
            .Where(line => !line.StartsWith('#'))
            .Select(line => line.Split('\t'))
            .Where(fields => fields[0] == stream.Scope)
            .ToDictionary(fields => $"{fields[0]}/{fields[1]}", fields => fields[3].Split('x').Select(int.Parse).ToArray());
}
