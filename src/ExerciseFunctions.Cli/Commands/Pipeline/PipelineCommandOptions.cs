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

    public static Option<int> Port() => new("--port") { Description = "Port of the status API on 127.0.0.1.", DefaultValueFactory = _ => 7071 };

    public static Option<TimeSpan> Timeout() => new("--timeout")
    {
        Description = "How long to wait for the result (hh:mm:ss).",
        DefaultValueFactory = _ => TimeSpan.FromMinutes(10),
    };

    /// <summary>Configuration over the environment's: the connection from the command line, when given.</summary>
    public static Dictionary<string, string?> Overrides(string? connection) =>
        string.IsNullOrWhiteSpace(connection) ? [] : new() { [StorageConnectionKey] = connection };

    /// <summary>The <c>Pipeline</c> section of the environment, bound and validated as the hosts do it.</summary>
    public static PipelineOptions Settings()
    {
        using var services = Services(connection: null);
        return services.GetRequiredService<PipelineOptions>();
    }

    /// <summary>The pipeline's storage for a client (submit), resolved as the hosts resolve it; it defaults to the local Azurite.</summary>
    public static PipelineStorage ClientStorage(string? connection)
    {
        using var services = Services(connection);
        return services.GetRequiredService<PipelineStorage>();
    }

    private static ServiceProvider Services(string? connection)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddInMemoryCollection(Overrides(connection)).Build();
        if (string.IsNullOrWhiteSpace(configuration[StorageConnectionKey]))
        {
            configuration[StorageConnectionKey] = LocalAzurite;
        }
        return new ServiceCollection().AddLogging().AddPipeline(configuration).BuildServiceProvider();
    }
}
