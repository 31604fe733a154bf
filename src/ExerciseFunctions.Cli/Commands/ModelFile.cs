using ExerciseFunctions.Runtime.Models;

namespace ExerciseFunctions.Cli.Commands;

/// <summary>Adds or replaces one file of an existing model directory.</summary>
internal static class ModelFile
{
    /// <summary>Writes beside the file and moves it into place, so a reader never sees half a file.</summary>
    /// <returns>The file's path.</returns>
    public static string Replace(ModelDirectory model, string fileName, string content)
    {
        var path = Path.Combine(model.Path, fileName);
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temp, content);
        File.Move(temp, path, overwrite: true);
        return path;
    }
}
