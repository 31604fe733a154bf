using System.Diagnostics;
using System.Runtime.CompilerServices;
using ExerciseFunctions.Core.Inference;

namespace ExerciseFunctions.Pipeline.Inference;

/// <summary>
/// One run at a time per I3D session. Two windows of the same stream in flight make that session's memory arena grow
/// to hold two sets of activations — what made a long video's peak memory grow with its length — while a run already
/// uses every core. The RGB and flow sessions still run side by side: a single gate for both measured 40% fewer
/// videos per minute.
/// </summary>
public static class InferenceGate
{
    private static readonly ConditionalWeakTable<I3dSession, SemaphoreSlim> Gates = new();

    /// <summary>Runs <paramref name="clip"/> through <paramref name="session"/> once the gate is free; also returns how long it waited.</summary>
    public static async Task<(StreamOutput Output, TimeSpan Waited)> RunAsync(I3dSession session, float[] clip, int frames)
    {
        var gate = Gates.GetValue(session, _ => new SemaphoreSlim(1, 1));
        var waiting = Stopwatch.StartNew();
        await gate.WaitAsync();
        var waited = waiting.Elapsed;
        try
        {
            return (session.Run(clip, frames), waited);
        }
        finally
        {
            gate.Release();
        }
    }
}
