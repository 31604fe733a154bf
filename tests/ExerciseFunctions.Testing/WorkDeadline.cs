using System.Diagnostics;

namespace ExerciseFunctions.Testing;

/// <summary>
/// How long a test waits for pipeline work before it calls the work hung, and the one loop that waits. A deadline is a
/// budget per classification, grown with the video's length, times the classifications in flight: on two cores shared
/// with builds, twenty uploads at once get twenty times the time of one. Deadlines only turn a hang into a failure
/// that says what was awaited; they are never assertions on speed.
/// </summary>
public static class WorkDeadline
{
    /// <summary>What a classification costs whatever its length (orchestration, model load, storage round trips), on a busy core.</summary>
    private static readonly TimeSpan PerClassification = TimeSpan.FromSeconds(20);

    /// <summary>Decode, flow and inference of one second of a test clip (small frames or small windows), on a busy core.</summary>
    private static readonly TimeSpan PerVideoSecond = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>The deadline for <paramref name="classifications"/> classifications of clips up to <paramref name="videoSeconds"/> long, run together.</summary>
    public static TimeSpan ForClassifications(int classifications, double videoSeconds) =>
        classifications * (PerClassification + videoSeconds * PerVideoSecond);

    /// <summary>
    /// Polls <paramref name="probe"/> until it returns a value; past <paramref name="deadline"/> throws a
    /// <see cref="TimeoutException"/> with <paramref name="describe"/>'s account of what was still missing.
    /// </summary>
    public static async Task<T> PollAsync<T>(TimeSpan deadline, Func<Task<T?>> probe, Func<Task<string>> describe) where T : class
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < deadline)
        {
            if (await probe() is { } found)
            {
                return found;
            }
            await Task.Delay(PollInterval);
        }
        throw new TimeoutException($"{await describe()} (waited {deadline.TotalSeconds:F0} s)");
    }

    /// <inheritdoc cref="PollAsync{T}(TimeSpan, Func{Task{T}}, Func{Task{string}})"/>
    public static Task<T> PollAsync<T>(TimeSpan deadline, Func<Task<T?>> probe, string describe) where T : class =>
        PollAsync(deadline, probe, () => Task.FromResult(describe));

    /// <summary>Polls until <paramref name="condition"/> holds; past <paramref name="deadline"/> throws with <paramref name="describe"/>'s account.</summary>
    public static Task UntilAsync(TimeSpan deadline, Func<Task<bool>> condition, Func<Task<string>> describe) =>
        PollAsync(deadline, async () => await condition() ? "" : null, describe);

    /// <inheritdoc cref="UntilAsync(TimeSpan, Func{Task{bool}}, Func{Task{string}})"/>
    public static Task UntilAsync(TimeSpan deadline, Func<Task<bool>> condition, string describe) =>
        UntilAsync(deadline, condition, () => Task.FromResult(describe));
}
