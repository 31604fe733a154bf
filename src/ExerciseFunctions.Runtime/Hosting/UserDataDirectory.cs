namespace ExerciseFunctions.Runtime.Hosting;

/// <summary>
/// Where the tools keep what they make on first use (the default model, Azurite and its data): the folder named by
/// <c>EXERCISE_HOME</c>, else <c>ExerciseFunctions</c> under the user's local data folder (<c>~/.local/share</c>).
/// Nothing at run time looks for the repository: the CLI works from any folder.
/// </summary>
public static class UserDataDirectory
{
    public const string Variable = "EXERCISE_HOME";

    public static string Root
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable(Variable);
            if (!string.IsNullOrWhiteSpace(configured))
            {
                return Path.GetFullPath(configured);
            }
            var local = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
            return Path.Combine(local.Length > 0 ? local : Path.GetTempPath(), "ExerciseFunctions");
        }
    }

    /// <summary>A folder under <see cref="Root"/>, created when missing.</summary>
    public static string Folder(params string[] names)
    {
        var path = Path.Combine([Root, .. names]);
        Directory.CreateDirectory(path);
        return path;
    }
}
