namespace ExerciseFunctions.Pipeline.Storage;

/// <summary>
/// Deterministic names of the work blobs of one classification (all under its instance id), so an activity
/// delivered twice overwrites its own output instead of leaving a second copy.
/// </summary>
public static class WorkBlobs
{
    public static string Prefix(string instanceId) => $"{instanceId}/";

    public static string FrameChunk(string instanceId, int chunk) => $"{instanceId}/frames/{chunk:D5}.tensor";

    public static string FlowChunk(string instanceId, int chunk) => $"{instanceId}/flow/{chunk:D5}.tensor";

    /// <summary>The <see cref="AttemptLedger"/> of one step.</summary>
    public static string Attempts(string instanceId, string step) => $"{instanceId}/attempts/{step}";
}
