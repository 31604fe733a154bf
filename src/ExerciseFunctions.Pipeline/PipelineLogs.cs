using Microsoft.Extensions.Logging;

namespace ExerciseFunctions.Pipeline;

/// <summary>Log events of the durable pipeline (event ids 2000–2099).</summary>
internal static partial class PipelineLogs
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "Loaded model {Directory} (version {Version}) on {Device} in {ElapsedMs:F0} ms")]
    public static partial void ModelLoaded(ILogger logger, string directory, string version, string device, double elapsedMs);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Warning, Message = "Classification {InstanceId} of {BlobName} ended Failed by reconciliation: {Reason}")]
    public static partial void RowReconciled(ILogger logger, string instanceId, string blobName, string reason);
}
