namespace ExerciseFunctions.Infra.Tests.Support;

/// <summary>Files of the repository under test, found by walking up from the test binaries.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Infra => Path.Combine(Root, "infra");

    /// <summary>The Functions host configuration; the template reads the Durable task hub name from it.</summary>
    public static string HostJson => Path.Combine(Root, "host.json");

    public static string Dockerfile => Path.Combine(Root, "Dockerfile");

    public static string DockerIgnore => Path.Combine(Root, ".dockerignore");

    public static string AzureYaml => Path.Combine(Root, "azure.yaml");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ExerciseFunctions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No ExerciseFunctions.sln above {AppContext.BaseDirectory}.");
    }
}
