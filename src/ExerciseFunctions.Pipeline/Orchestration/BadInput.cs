using ExerciseFunctions.Runtime.Video;
using Microsoft.DurableTask;

namespace ExerciseFunctions.Pipeline.Orchestration;

/// <summary>
/// Recognises an <see cref="InvalidVideoException"/> in a task failure by its type name, a string that survives
/// serialization, wrapping and the Functions host. <c>IsCausedBy&lt;T&gt;</c> reads only the outermost
/// <see cref="TaskFailureDetails.ErrorType"/>: in the isolated worker an async activity's failure can arrive as
/// <c>System.AggregateException</c> around the real one (azure-functions-durable-extension #2762), or as the host's
/// invocation text "Exception: &lt;type&gt;: &lt;message&gt;" under another type.
/// </summary>
public static class BadInput
{
    private static readonly string TypeName = typeof(InvalidVideoException).FullName!;

    /// <summary>True when the failure or any failure it wraps is an invalid video: retrying cannot help.</summary>
    public static bool IsCauseOf(TaskFailureDetails? failure)
    {
        for (var current = failure; current is not null; current = current.InnerFailure)
        {
            if (current.ErrorType == TypeName || current.ErrorMessage.Contains($"{TypeName}: ", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
