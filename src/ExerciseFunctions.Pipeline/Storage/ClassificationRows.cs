using ExerciseFunctions.Pipeline.Orchestration;

namespace ExerciseFunctions.Pipeline.Storage;

public static class ClassificationRows
{
    /// <summary>The row of a classification that has started: keys, names and start time.</summary>
    public static ClassificationRow Running(ClassifyVideoRequest request, string instanceId) => new()
    {
        PartitionKey = TableKeys.ForVideo(request.Container, request.BlobName),
        RowKey = instanceId,
        Status = ClassificationStatus.Running,
        Container = request.Container,
        BlobName = request.BlobName,
        BlobETag = request.BlobETag,
        InstanceId = instanceId,
        StartedAt = request.StartedAt,
    };
}
