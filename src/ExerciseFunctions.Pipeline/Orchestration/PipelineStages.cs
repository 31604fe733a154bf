namespace ExerciseFunctions.Pipeline.Orchestration;

/// <summary>Stage names shown in the custom status.</summary>
public static class PipelineStages
{
    public const string Extracting = "Extracting";
    public const string ComputingFlow = "ComputingFlow";
    public const string Inferring = "Inferring";
    public const string Writing = "Writing";
    public const string CleaningUp = "CleaningUp";
    public const string Completed = "Completed";
    public const string Failed = "Failed";
}
