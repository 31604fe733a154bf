using System.Text.Json;
using ExerciseFunctions.Pipeline.Orchestration;
using ExerciseFunctions.Pipeline.Storage;
using Microsoft.DurableTask;

namespace ExerciseFunctions.Pipeline.Activities;

// The end of every classification, completed or failed: its row, then its work blobs deleted.

/// <summary>Upserts the classification's row (same keys on a repeat delivery: one row).</summary>
public sealed class WriteClassificationActivity(PipelineStorage storage) : TaskActivity<ClassificationOutcome, object?>
{
    public override async Task<object?> RunAsync(TaskActivityContext context, ClassificationOutcome outcome)
    {
        await storage.Classifications.UpsertAsync(ToRow(outcome));
        return null;
    }

    public static ClassificationRow ToRow(ClassificationOutcome outcome)
    {
        var request = outcome.Request;
        var row = ClassificationRows.Running(request, outcome.InstanceId);
        row.Status = outcome.Status;
        row.Label = outcome.Label;
        row.Confidence = outcome.Confidence;
        row.ProbabilitiesJson = Json(outcome.Probabilities);
        row.RgbLogitsJson = Json(outcome.RgbLogits);
        row.FlowLogitsJson = Json(outcome.FlowLogits);
        row.Recognized = outcome.Recognized;
        if (outcome.Windows is { } windows)
        {
            (row.WindowsJson, row.WindowsOmitted) = TimelineColumn.Write(windows);
        }
        row.ModelVersion = outcome.ModelVersion;
        row.FrameCount = outcome.Manifest?.FrameCount;
        row.Fps = outcome.Manifest?.Fps;
        row.DurationSeconds = outcome.Manifest?.DurationSeconds;
        row.SourceBytes = outcome.Manifest?.SourceBytes;
        row.TimingsJson = Json(outcome.TimingsMs);
        row.Error = outcome.Error;
        row.FinishedAt = outcome.FinishedAt;
        return row;
    }

    private static string? Json<T>(T? value) => value is null ? null : JsonSerializer.Serialize(value);
}

/// <summary>Deletes the classification's work blobs.</summary>
public sealed class CleanupWorkActivity(PipelineStorage storage) : TaskActivity<CleanupInput, object?>
{
    public override async Task<object?> RunAsync(TaskActivityContext context, CleanupInput input)
    {
        await storage.WorkChunks.DeleteAllAsync(WorkBlobs.Prefix(input.InstanceId));
        return null;
    }
}
