using System.Diagnostics;
using ExerciseFunctions.Core.Inference;

namespace ExerciseFunctions.Pipeline.Inference;

/// <summary>
/// One I3D run at a time per process. A run already uses every core (intra-op threads), so a second one in flight
/// only splits them — and makes the sessions' memory arenas grow to hold two sets of activations, which is what
/// made a long video's peak memory grow with its length.
/// </summary>
public static class InferenceGate
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>Runs <paramref name="clip"/> through <paramref name="session"/> once the gate is free; also returns how long it waited.</summary>
    public static async Task<(StreamOutput Output, TimeSpan Waited)> RunAsync(I3dSession session, float[] clip, int frames)
    {
        var waiting = Stopwatch.StartNew();
        await Gate.WaitAsync();
        var waited = waiting.Elapsed;
        try
        {
            return (session.Run(clip, frames), waited);
        }
        finally
        {
            Gate.Release();
        }
    }
}
