using System.Text.Json;
using ExerciseFunctions.Runtime.Classification;

namespace ExerciseFunctions.Pipeline.Storage;

/// <summary>
/// The per-window timeline as the row's JSON column. A Table storage property holds at most 64 KiB (32,768 UTF-16
/// characters), so numbers are rounded to 4 decimals (0.01% and 0.1 ms: below what a timeline is read for; the
/// fused result keeps full precision in its own columns) and windows that would push the text past
/// <see cref="MaxChars"/> are left out from the end and counted. With the default settings (64-frame windows every 64
/// frames, at most 120 s, six classes) a timeline has at most 48 windows of about 290 characters: always whole.
/// </summary>
public static class TimelineColumn
{
    public const int MaxChars = 32_000;
    private const int Decimals = 4;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The JSON array to store and how many windows did not fit.</summary>
    public static (string Json, int Omitted) Write(IReadOnlyList<WindowVerdict> windows)
    {
        var kept = new List<string>();
        var length = 2;
        foreach (var window in windows)
        {
            var text = JsonSerializer.Serialize(Rounded(window), Json);
            var added = text.Length + (kept.Count > 0 ? 1 : 0);
            if (length + added > MaxChars)
            {
                break;
            }
            kept.Add(text);
            length += added;
        }
        return ($"[{string.Join(',', kept)}]", windows.Count - kept.Count);
    }

    public static IReadOnlyList<WindowVerdict>? Read(string? json) =>
        string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize<WindowVerdict[]>(json, Json);

    private static WindowVerdict Rounded(WindowVerdict window) => window with
    {
        Start = Math.Round(window.Start, Decimals),
        End = Math.Round(window.End, Decimals),
        Confidence = Math.Round(window.Confidence, Decimals),
        Probabilities = window.Probabilities.ToDictionary(p => p.Key, p => Math.Round(p.Value, Decimals)),
    };
}
