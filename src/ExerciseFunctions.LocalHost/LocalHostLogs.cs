using Microsoft.Extensions.Logging;

namespace ExerciseFunctions.LocalHost;

/// <summary>The local host's log events (event ids 3000-3099), source-generated: no boxing, no parsing of templates at run time.</summary>
internal static partial class LocalHostLogs
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Azurite (PID {ProcessId}) serves {DataDirectory} on blob port {BlobPort}; stopped with this host: {Owned}")]
    public static partial void AzuriteServing(ILogger logger, int processId, string dataDirectory, int blobPort, bool owned);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Azurite (PID {ProcessId}, data {DataDirectory}) stopped; starting it again")]
    public static partial void AzuriteStopped(ILogger logger, int processId, string dataDirectory);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Critical, Message = "{Reason} Stopping the host.")]
    public static partial void AzuriteGaveUp(ILogger logger, string reason);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Azurite (data {DataDirectory}) did not start: {Reason}; trying again in {Seconds} s")]
    public static partial void AzuriteStartFailed(ILogger logger, string dataDirectory, string reason, double seconds);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Warning, Message = "The durable worker did not stop within {Seconds} s; its unfinished work items will be delivered again")]
    public static partial void WorkerStopAbandoned(ILogger logger, double seconds);

    [LoggerMessage(EventId = 3020, Level = LogLevel.Information, Message = "Classifying {BlobName} as {InstanceId}")]
    public static partial void UploadStarted(ILogger logger, string blobName, string instanceId);

    [LoggerMessage(EventId = 3021, Level = LogLevel.Warning, Message = "Starting the classification of {BlobName} failed (attempt {Attempt} of {MaxAttempts})")]
    public static partial void UploadFailed(ILogger logger, Exception exception, string blobName, int attempt, int maxAttempts);

    [LoggerMessage(EventId = 3022, Level = LogLevel.Warning, Message = "Listing container {Container} failed: {Message}")]
    public static partial void WatchFailed(ILogger logger, string container, string message);

    [LoggerMessage(EventId = 3030, Level = LogLevel.Warning, Message = "Sweeping rows still Running failed: {Message}")]
    public static partial void SweepFailed(ILogger logger, string message);
}
