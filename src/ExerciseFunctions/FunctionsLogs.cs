using Microsoft.Extensions.Logging;

namespace ExerciseFunctions.Functions;

/// <summary>The Functions app's own log events (event ids 4000–4099); the pipeline's are in ExerciseFunctions.Pipeline.</summary>
internal static partial class FunctionsLogs
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Information, Message = "Classifying {BlobName} as {InstanceId}")]
    public static partial void UploadStarted(ILogger logger, string blobName, string instanceId);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "{BlobName} is already being classified as {InstanceId}")]
    public static partial void UploadAlreadyStarted(ILogger logger, string blobName, string instanceId);
}
