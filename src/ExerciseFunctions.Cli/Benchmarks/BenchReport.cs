using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ExerciseFunctions.Cli.Benchmarks;

/// <summary>The benchmark table as markdown (for docs/performance.md) and JSON.</summary>
public sealed class BenchReport(string machine)
{
    private readonly List<BenchRow> rows = [];

    public string Machine { get; } = machine;

    public IReadOnlyList<BenchRow> Rows => rows;

    public void Add(BenchRow row) => rows.Add(row);

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine($"Machine: {Machine}").AppendLine();
        text.AppendLine("| stage | case | median | unit | runs | peak RSS (MB) | compared with | ratio | note |");
        text.AppendLine("|---|---|---:|---|---:|---:|---|---:|---|");
        foreach (var row in rows)
        {
            text.AppendLine(string.Join(" | ",
                "| " + row.Stage, row.Case, Format(row.Median), row.Unit, row.Runs.ToString(CultureInfo.InvariantCulture),
                Format(row.PeakRssMb), row.ComparedWith ?? "", Format(row.Ratio), (row.Note ?? "") + " |"));
        }
        return text.ToString();
    }

    public string ToJson() => JsonSerializer.Serialize(new { machine = Machine, rows }, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true });

    static string Format(double? value) => value switch
    {
        null => "",
        >= 100 => value.Value.ToString("F0", CultureInfo.InvariantCulture),
        >= 1 => value.Value.ToString("F2", CultureInfo.InvariantCulture),
        _ => value.Value.ToString("F3", CultureInfo.InvariantCulture),
    };
}
