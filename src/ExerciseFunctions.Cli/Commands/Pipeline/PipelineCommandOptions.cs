using System.CommandLine;
using ExerciseFunctions.LocalHost;
using ExerciseFunctions.Pipeline.Configuration;

namespace ExerciseFunctions.Cli.Commands.Pipeline;

/// <summary>Options shared by serve, submit, status and demo.</summary>
internal static class PipelineCommandOptions
{
    /// <summary>The standard Azurite ports `exercise serve` starts on.</summary>
    public const string LocalAzurite = "UseDevelopmentStorage=true";

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

    /// <summary>Options from the environment; the connection from the command line wins, and clients default to the local Azurite.</summary>
    public static PipelineOptions Resolve(string? connection, bool clientDefaultsToAzurite)
    {
        var options = PipelineConfiguration.FromEnvironment();
        if (!string.IsNullOrWhiteSpace(connection))
        {
            return options.WithStorageConnection(connection);
        }
        return clientDefaultsToAzurite && string.IsNullOrWhiteSpace(options.StorageConnection) ? options.WithStorageConnection(LocalAzurite) : options;
    }
}
