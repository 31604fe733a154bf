using ExerciseFunctions.LocalHost.Azurite;
using Xunit;

namespace ExerciseFunctions.Testing.Azurite;

/// <summary>
/// A real Azurite for a test collection: free loopback ports, data in a temporary folder, stopped by PID with
/// SIGTERM (twice if needed) and its folder deleted afterwards. Azurite comes from the user data folder (tools/setup.sh).
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private readonly string dataDirectory = Directory.CreateTempSubdirectory("exercise-azurite-").FullName;
    private AzuriteServer? server;

    public string ConnectionString => server?.ConnectionString ?? throw new InvalidOperationException("Azurite has not started.");

    /// <summary>
    /// Free ports are only free until someone takes them: with test assemblies starting Azurites side by side, a port
    /// picked here can be taken before Azurite binds it. A start that loses that race is tried again on other ports.
    /// </summary>
    public async Task InitializeAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                server = await AzuriteServer.StartOrReuseAsync(dataDirectory);
                return;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
        Directory.Delete(dataDirectory, recursive: true);
    }
}
