namespace ExerciseFunctions.Pipeline.Storage;

public static class ClassificationStatus
{
    public const string Running = "Running";
    public const string Completed = "Completed";
    public const string Failed = "Failed";
}
