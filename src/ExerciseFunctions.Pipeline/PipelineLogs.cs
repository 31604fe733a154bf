using Microsoft.Extensions.Logging;

namespace ExerciseFunctions.Pipeline;

/// <summary>
/// Log events of the durable pipeline: the model and reconciliation (event ids 2000–2099), and the stages of a
/// classification (2100–2199): the orchestration's and each activity's start, end and failure.
/// </summary>
internal static partial class PipelineLogs
{
    private static readonly Func<ILogger, string, IDisposable?> ClassificationScope = LoggerMessage.DefineScope<string>("{InstanceId}");

    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "Loaded model {Directory} (version {Version}) on {Device} in {ElapsedMs:F0} ms")]
    public static partial void ModelLoaded(ILogger logger, string directory, string version, string device, double elapsedMs);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Warning, Message = "Classification {InstanceId} of {BlobName} ended Failed by reconciliation: {Reason}")]
    public static partial void RowReconciled(ILogger logger, string instanceId, string blobName, string reason);

    /// <summary>
    /// A scope that puts the classification's instance id on every line written inside it: the console shows it after
    /// <c>=&gt;</c>, Application Insights stores it as the custom dimension InstanceId.
    /// </summary>
    public static IDisposable? BeginClassificationScope(ILogger logger, string instanceId) => ClassificationScope(logger, instanceId);

    [LoggerMessage(EventId = 2100, Level = LogLevel.Information, Message = "Classification {InstanceId} of {BlobName} started")]
    public static partial void ClassificationStarted(ILogger logger, string instanceId, string blobName);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Classification {InstanceId}: {Stage}")]
    public static partial void StageReached(ILogger logger, string instanceId, string stage);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Information, Message = "Classification {InstanceId} of {BlobName} completed: {Label} ({Confidence:P1})")]
    public static partial void ClassificationCompleted(ILogger logger, string instanceId, string blobName, string? label, double? confidence);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Warning, Message = "Classification {InstanceId} of {BlobName} failed: {Reason}")]
    public static partial void ClassificationFailed(ILogger logger, string instanceId, string blobName, string reason);

    [LoggerMessage(EventId = 2110, Level = LogLevel.Debug, Message = "Activity {Activity} of {InstanceId} started")]
    public static partial void ActivityStarted(ILogger logger, string activity, string instanceId);

    [LoggerMessage(EventId = 2111, Level = LogLevel.Information, Message = "Activity {Activity} of {InstanceId} finished in {ElapsedMs:F0} ms")]
    public static partial void ActivityFinished(ILogger logger, string activity, string instanceId, double elapsedMs);

    [LoggerMessage(EventId = 2112, Level = LogLevel.Warning, Message = "Activity {Activity} of {InstanceId} failed after {ElapsedMs:F0} ms")]
    public static partial void ActivityFailed(ILogger logger, Exception exception, string activity, string instanceId, double elapsedMs);
}
