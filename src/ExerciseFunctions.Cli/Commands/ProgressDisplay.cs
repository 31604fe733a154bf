using Spectre.Console;

namespace ExerciseFunctions.Cli.Commands;

/// <summary>Spectre.Console progress bars fed by Core's <see cref="IProgress{T}"/> reports.</summary>
internal static class ProgressDisplay
{
    public static T Run<T>(Func<ProgressContext, T> work) =>
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(work);

    /// <summary>Reports synchronously on the reporting thread (unlike <see cref="Progress{T}"/>, which posts to the thread pool).</summary>
    public sealed class Reporter<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
