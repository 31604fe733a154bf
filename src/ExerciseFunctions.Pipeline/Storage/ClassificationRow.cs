using Azure;
using Azure.Data.Tables;

namespace ExerciseFunctions.Pipeline.Storage;

/// <summary>
/// One classification of one upload in table <c>classifications</c>: partition = the video (see
/// <see cref="TableKeys"/>), row = the orchestration instance id (one per upload, i.e. per ETag).
/// Lists travel as JSON text; table columns hold scalars only.
/// </summary>
public sealed class ClassificationRow : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Status { get; set; } = ClassificationStatus.Running;
    public string Container { get; set; } = "";
    public string BlobName { get; set; } = "";
    public string BlobETag { get; set; } = "";
    public string InstanceId { get; set; } = "";
    public string? Label { get; set; }
    public double? Confidence { get; set; }
    /// <summary>JSON object: class label to probability.</summary>
    public string? ProbabilitiesJson { get; set; }
    /// <summary>JSON array, in label order.</summary>
    public string? RgbLogitsJson { get; set; }
    public string? FlowLogitsJson { get; set; }
    /// <summary>False when the clip shows no exercise at all (the label is then only the closest exercise).</summary>
    public bool? Recognized { get; set; }
    /// <summary>JSON array: each window's start and end (seconds), label, confidence, probabilities and recognition (<see cref="TimelineColumn"/>).</summary>
    public string? WindowsJson { get; set; }
    /// <summary>Windows left out of <see cref="WindowsJson"/> (from the end) to keep it within a table property's size; null or 0: none.</summary>
    public int? WindowsOmitted { get; set; }
    public string? ModelVersion { get; set; }
    public int? FrameCount { get; set; }
    public double? Fps { get; set; }
    public double? DurationSeconds { get; set; }
    public long? SourceBytes { get; set; }
    /// <summary>JSON object: stage name to milliseconds.</summary>
    public string? TimingsJson { get; set; }
    public string? Error { get; set; }
    /// <summary>True when the upload was refused for what it is (e.g. over the size limit): its reason may be shown to the caller.</summary>
    public bool? RefusedUpload { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
}
