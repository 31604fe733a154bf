namespace ExerciseFunctions.Pipeline.Orchestration;

/// <summary>The registered names of the orchestrator and activities, shared by every host.</summary>
public static class ActivityNames
{
    public const string ClassifyVideo = "ClassifyVideo";
    public const string ExtractFrames = "ExtractFrames";
    public const string ComputeFlow = "ComputeFlow";
    public const string InferRgb = "InferRgb";
    public const string InferFlow = "InferFlow";
    public const string Decide = "Decide";
    public const string WriteClassification = "WriteClassification";
    public const string CleanupWork = "CleanupWork";
}
