using System.Text.Json;
using ExerciseFunctions.Pipeline.Configuration;
using ExerciseFunctions.Pipeline.Orchestration;
using ExerciseFunctions.Pipeline.Storage;
using ExerciseFunctions.Runtime.Classification;
using Microsoft.Extensions.Logging;

namespace ExerciseFunctions.Pipeline.Starting;

/// <summary>The body of <c>GET /api/classifications/{name}</c>: runtime status, progress and the row (the timeline parsed from its JSON column).</summary>
public sealed record ClassificationView(
    string BlobName,
    string InstanceId,
    string Status,
    string? RuntimeStatus,
    PipelineProgress? Progress,
    string? Label,
    double? Confidence,
    IReadOnlyDictionary<string, double>? Probabilities,
    float[]? RgbLogits,
    float[]? FlowLogits,
    bool? Recognized,
    IReadOnlyList<WindowVerdict>? Windows,
    int? WindowsOmitted,
    string? ModelVersion,
    int? FrameCount,
    double? Fps,
    double? DurationSeconds,
    long? SourceBytes,
    IReadOnlyDictionary<string, double>? TimingsMs,
    string? Error,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt);

/// <summary>Answers status requests of both hosts from the table and the orchestration's state.</summary>
public sealed class ClassificationQuery(IOrchestrationGateway gateway, PipelineStorage storage, PipelineOptions options, TimeProvider clock, ILogger<ClassificationQuery> logger)
{
    private readonly RunningRowReconciler reconciler = new(gateway, storage.Classifications, options, clock, logger);

    /// <summary>The newest classification of a blob in the videos container, or null (404) when there is none.</summary>
    public async Task<ClassificationView?> FindAsync(string blobName, CancellationToken cancellationToken = default) =>
        await ViewAsync(await LatestAsync(blobName, cancellationToken), publicView: false, cancellationToken);

    /// <summary><see cref="FindAsync"/> as an HTTP caller in Azure may see it (<see cref="ToPublicView"/>).</summary>
    public async Task<ClassificationView?> FindPublicAsync(string blobName, CancellationToken cancellationToken = default) =>
        await ViewAsync(await LatestAsync(blobName, cancellationToken), publicView: true, cancellationToken);

    /// <summary>The classification an orchestration wrote, found by its (unguessable) instance id, as a caller may see it.</summary>
    public async Task<ClassificationView?> FindPublicByInstanceIdAsync(string instanceId, CancellationToken cancellationToken = default) =>
        await ViewAsync(await storage.Classifications.GetByInstanceIdAsync(instanceId, cancellationToken), publicView: true, cancellationToken);

    /// <summary>
    /// What an HTTP caller sees of a failure: the reason when the video was bad input (the orchestration failed on it,
    /// or the starter refused the upload before any orchestration: <paramref name="refusedUpload"/>), otherwise only
    /// "internal error &lt;instance id&gt;" (storage errors and paths stay in the logs and the table). Until the
    /// orchestration has finished failing, a bad-input row also reads as an internal error.
    /// </summary>
    public static ClassificationView ToPublicView(ClassificationView view, InstanceState? state, bool refusedUpload = false) =>
        view.Error is null || refusedUpload || state is { FailedOnBadInput: true } ? view : view with { Error = $"internal error {view.InstanceId}" };

    private Task<ClassificationRow?> LatestAsync(string blobName, CancellationToken cancellationToken) =>
        storage.Classifications.GetLatestAsync(storage.Videos.Name, blobName, cancellationToken);

    private async Task<ClassificationView?> ViewAsync(ClassificationRow? row, bool publicView, CancellationToken cancellationToken)
    {
        if (row is null)
        {
            return null;
        }
        var state = await gateway.GetStateAsync(row.InstanceId, cancellationToken);
        var view = ToView(await reconciler.ReconcileAsync(row, state, cancellationToken), state);
        return publicView ? ToPublicView(view, state, row.RefusedUpload == true) : view;
    }

    public static ClassificationView ToView(ClassificationRow row, InstanceState? state) => new(
        row.BlobName, row.InstanceId, row.Status, state?.RuntimeStatus,
        Parse<PipelineProgress>(state?.CustomStatusJson),
        row.Label, row.Confidence,
        Parse<Dictionary<string, double>>(row.ProbabilitiesJson), Parse<float[]>(row.RgbLogitsJson), Parse<float[]>(row.FlowLogitsJson),
        row.Recognized, TimelineColumn.Read(row.WindowsJson), row.WindowsOmitted, row.ModelVersion, row.FrameCount, row.Fps, row.DurationSeconds, row.SourceBytes,
        Parse<Dictionary<string, double>>(row.TimingsJson), row.Error, row.StartedAt, row.FinishedAt);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static T? Parse<T>(string? json) where T : class => string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize<T>(json, Json);
}
