namespace ExerciseFunctions.Modelling.Training;

/// <summary>A video file and the index of its class in the label list.</summary>
public sealed record LabelledVideo(string Path, int ClassIndex);

/// <summary>
/// Labels from file names <c>&lt;class&gt;_&lt;angle&gt;_&lt;id&gt;.&lt;ext&gt;</c>. Classes contain <c>_</c> themselves
/// (<c>bw-squat_not-low</c>), so a name is matched against the label list, longest label first.
/// </summary>
public static class LabelledVideos
{
    public static readonly IReadOnlySet<string> VideoExtensions =
        new HashSet<string>([".mp4", ".mov", ".avi", ".mkv"], StringComparer.OrdinalIgnoreCase);

    /// <summary>The index of the class a file name starts with (followed by <c>_</c>), or null when none does.</summary>
    public static int? TryParseClass(string fileName, IReadOnlyList<string> labels)
    {
        var name = System.IO.Path.GetFileNameWithoutExtension(fileName);
        var match = labels
            .Select((label, index) => (label, index))
            .Where(c => name.StartsWith(c.label + "_", StringComparison.Ordinal))
            .OrderByDescending(c => c.label.Length)
            .FirstOrDefault();
        return match.label is null ? null : match.index;
    }

    /// <summary>
    /// Every video file directly in <paramref name="directory"/>, sorted by name, with its class. A video whose
    /// name starts with no known class is an error: silently dropping data would skew the evaluation.
    /// </summary>
    public static IReadOnlyList<LabelledVideo> Scan(string directory, IReadOnlyList<string> labels) =>
        Files(directory)
            .Select(path => new LabelledVideo(path, TryParseClass(System.IO.Path.GetFileName(path), labels)
                ?? throw new InvalidDataException(
                    $"cannot tell the class of {System.IO.Path.GetFileName(path)}: names must start with one of {string.Join(", ", labels)} followed by '_'.")))
            .ToArray();

    /// <summary>Every video file directly in <paramref name="directory"/>, sorted by name; none is an error.</summary>
    public static IReadOnlyList<string> Files(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"data directory not found: {directory}");
        }
        var videos = Directory.EnumerateFiles(directory)
            .Where(path => VideoExtensions.Contains(System.IO.Path.GetExtension(path)))
            .Order(StringComparer.Ordinal)
            .ToArray();
        if (videos.Length == 0)
        {
            throw new InvalidDataException($"no videos ({string.Join(", ", VideoExtensions)}) in {directory}.");
        }
        return videos;
    }
}
