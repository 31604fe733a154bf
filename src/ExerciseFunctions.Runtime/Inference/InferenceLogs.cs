using Microsoft.Extensions.Logging;

namespace ExerciseFunctions.Runtime.Inference;

/// <summary>Log events of the runtime (event ids 1000–1099).</summary>
internal static partial class InferenceLogs
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Warning, Message = "CUDA is not available for {Model} ({Reason}); running I3D on the CPU.")]
    public static partial void CudaUnavailable(ILogger logger, string model, string reason);
}
