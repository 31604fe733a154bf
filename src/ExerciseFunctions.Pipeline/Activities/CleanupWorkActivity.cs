using ExerciseFunctions.Pipeline.Orchestration;
using ExerciseFunctions.Pipeline.Storage;
using Microsoft.DurableTask;

namespace ExerciseFunctions.Pipeline.Activities;

/// <summary>Deletes the classification's work blobs.</summary>
public sealed class CleanupWorkActivity(PipelineStorage storage) : TaskActivity<CleanupInput, object?>
{
    public override async Task<object?> RunAsync(TaskActivityContext context, CleanupInput input)
    {
        await storage.WorkChunks.DeleteAllAsync(WorkBlobs.Prefix(input.InstanceId));
        return null;
    }
}
