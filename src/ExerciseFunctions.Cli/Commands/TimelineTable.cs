using ExerciseFunctions.Runtime.Classification;
using Spectre.Console;

namespace ExerciseFunctions.Cli.Commands;

/// <summary>The per-window timeline as `classify` and `status` print it: where in the video each label holds.</summary>
internal static class TimelineTable
{
    public static void Write(IReadOnlyList<WindowVerdict> windows, int omitted = 0)
    {
        var table = new Table().Title("timeline").AddColumns("start (s)", "end (s)", "label", "probability", "exercise");
        foreach (var window in windows)
        {
            table.AddRow(window.Start.ToString("F2"), window.End.ToString("F2"), Markup.Escape(window.Label), window.Confidence.ToString("P1"), window.Recognized ? "yes" : "no");
        }
        AnsiConsole.Write(table);
        if (omitted > 0)
        {
            AnsiConsole.MarkupLineInterpolated($"{omitted} later windows are not stored in the row (table property size).");
        }
    }
}
