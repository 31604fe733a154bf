using System.Text.Json;
using ExerciseFunctions.Pipeline.Starting;
using ExerciseFunctions.Pipeline.Storage;
using Spectre.Console;

namespace ExerciseFunctions.Cli.Commands.Pipeline;

/// <summary>Prints a classification as a table or one JSON object; a Failed one also as one line on stderr.</summary>
internal static class ClassificationPrinter
{
    /// <summary>Returns the exit code: 0 when the classification completed, 2 (<see cref="CliFailure.BadInput"/>) when it failed.</summary>
    public static int Print(ClassificationView view, bool json)
    {
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(view, JsonOutput.Options));
        }
        else
        {
            PrintTable(view);
        }
        if (view.Status == ClassificationStatus.Failed)
        {
            Console.Error.WriteLine($"error: {view.Error}");
            return CliFailure.BadInput;
        }
        return 0;
    }

    private static void PrintTable(ClassificationView view)
    {
        AnsiConsole.MarkupLineInterpolated($"[bold]{view.BlobName}[/]: {view.Status}{(view.Label is null ? "" : $" — {view.Label} ({view.Confidence:P1})")}");
        if (view.Progress is { } progress)
        {
            AnsiConsole.MarkupLineInterpolated($"stage {progress.Stage}: flow chunks {progress.FlowChunksDone}/{progress.FlowChunksTotal}, window inferences {progress.WindowsDone}/{progress.WindowsTotal}");
        }
        if (view.Probabilities is { } probabilities)
        {
            var table = new Table().AddColumns("class", "probability");
            foreach (var (label, probability) in probabilities)
            {
                table.AddRow(label, probability.ToString("P2"));
            }
            AnsiConsole.Write(table);
        }
        if (view.Windows is { } windows)
        {
            TimelineTable.Write(windows, view.WindowsOmitted ?? 0);
        }
        if (view.FrameCount is { } frames)
        {
            AnsiConsole.MarkupLineInterpolated($"{frames} frames at {view.Fps} fps, {view.DurationSeconds:F2} s; model {view.ModelVersion}; instance {view.InstanceId}");
        }
        if (view.TimingsMs is { } timings)
        {
            AnsiConsole.MarkupLineInterpolated($"timings (ms): {string.Join(", ", timings.Select(t => $"{t.Key} {t.Value:F0}"))}");
        }
    }
}
