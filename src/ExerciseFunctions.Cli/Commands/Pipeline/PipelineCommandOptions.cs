using System.CommandLine;
using ExerciseFunctions.Pipeline.Configuration;
using ExerciseFunctions.Pipeline.Hosting;
using ExerciseFunctions.Pipeline.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ExerciseFunctions.Cli.Commands.Pipeline;

/// <summary>Options shared by serve, submit, status and demo.</summary>
internal static class PipelineCommandOptions
{
    /// <summary>The standard Azurite ports `exercise serve` starts on.</summary>
    public const string LocalAzurite = "UseDevelopmentStorage=true";

    public const string StorageConnectionKey = $"{PipelineOptions.SectionName}:{nameof(PipelineOptions.StorageConnection)}";

    public static Option<string?> Connection() => new("--connection")
    {
        Description = "Azure Storage connection string (default: Pipeline__StorageConnection, else the local Azurite of `exercise serve`).",
    };

    public static Option<string?> Account() => new("--account")
    {
        Description = "Blob endpoint of a storage account, e.g. https://<name>.blob.core.windows.net, signed in with Entra ID " +
            "(az login, azd auth login, or an identity in the environment); the table endpoint is derived from it.",
    };

    public static Option<int> Port() => new("--port") { Description = "Port of the status API on 127.0.0.1.", DefaultValueFactory = _ => 7071 };

    public static Option<TimeSpan> Timeout() => new("--timeout")
    {
        Description = "How long to wait for the result (hh:mm:ss).",
        DefaultValueFactory = _ => TimeSpan.FromMinutes(10),
    };

    /// <summary>The storage a client command talks to: --account (Entra ID) or a connection string (see <see cref="Resolve"/>).</summary>
    public static PipelineStorage OpenStorage(string? connection, string? account, TimeSpan networkTimeout)
    {
        if (!string.IsNullOrWhiteSpace(connection) && !string.IsNullOrWhiteSpace(account))
        {
            throw new UsageException("give --connection or --account, not both.");
        }
        var options = Resolve(connection, clientDefaultsToAzurite: string.IsNullOrWhiteSpace(account));
        return StorageTarget.Open(options, string.IsNullOrWhiteSpace(account) ? null : StorageTarget.ParseAccount(account), networkTimeout);
    }

    /// <summary>Configuration over the environment's: the connection from the command line, when given.</summary>
    public static Dictionary<string, string?> Overrides(string? connection) =>
        string.IsNullOrWhiteSpace(connection) ? [] : new() { [StorageConnectionKey] = connection };

    /// <summary>
    /// The <c>Pipeline</c> section of the environment, bound and validated as the hosts do it (AddPipeline); the
    /// connection from the command line wins, and clients default to the local Azurite.
    /// </summary>
    public static PipelineOptions Resolve(string? connection, bool clientDefaultsToAzurite)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddInMemoryCollection(Overrides(connection)).Build();
        if (clientDefaultsToAzurite && string.IsNullOrWhiteSpace(configuration[StorageConnectionKey]))
        {
            configuration[StorageConnectionKey] = LocalAzurite;
        }
        using var services = new ServiceCollection().AddLogging().AddPipeline(configuration).BuildServiceProvider();
        return services.GetRequiredService<PipelineOptions>();
    }
}
