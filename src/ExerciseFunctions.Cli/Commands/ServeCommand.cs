using System.CommandLine;
using ExerciseFunctions.Cli.Commands.Pipeline;
using ExerciseFunctions.LocalHost;
using ExerciseFunctions.LocalHost.Azurite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ExerciseFunctions.Cli.Commands;

/// <summary>`exercise serve`: the pipeline on this machine (Durable Task Framework on Azurite), until Ctrl+C or SIGTERM.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var worker = new Option<bool>("--worker") { Description = "Only process work from the task hub (no watcher, no HTTP API); several share the work." };
        var connection = PipelineCommandOptions.Connection();
        var port = PipelineCommandOptions.Port();
        var azuritePort = new Option<int>("--azurite-port")
        {
            Description = "Blob port of the Azurite started here (queue and table on the next two).",
            DefaultValueFactory = _ => AzuritePorts.Standard.Blob,
        };
        var partitions = new Option<int>("--partitions")
        {
            Description = $"Control-queue partitions of the task hub (1–{LocalHostSettings.MaxPartitionCount}), fixed when it is created; every worker on it must give the same.",
            DefaultValueFactory = _ => 1,
        };
        partitions.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > LocalHostSettings.MaxPartitionCount)
            {
                result.AddError($"--partitions must be 1 to {LocalHostSettings.MaxPartitionCount}.");
            }
        });
        var command = new Command("serve", "Run the pipeline locally: watch the videos container, classify uploads, serve GET /api/classifications/{name}. Starts Azurite (data in the user data folder) when no connection string is given.")
        {
            worker, connection, port, azuritePort, partitions,
        };
        // A synchronous action: System.CommandLine gives async actions only 2 s after Ctrl+C before it exits, too
        // little to stop the worker and Azurite. The host's console lifetime handles Ctrl+C and SIGTERM instead.
        command.SetAction(parse => CliFailure.Guard(() => RunAsync(parse).GetAwaiter().GetResult()));
        return command;

        async Task<int> RunAsync(ParseResult parse)
        {
            var settings = new LocalHostSettings
            {
                Configuration = PipelineCommandOptions.Overrides(parse.GetValue(connection)),
                WorkerOnly = parse.GetValue(worker),
                PartitionCount = parse.GetValue(partitions),
                HttpPort = parse.GetValue(port),
                AzuritePorts = new AzuritePorts(parse.GetValue(azuritePort), parse.GetValue(azuritePort) + 1, parse.GetValue(azuritePort) + 2),
                Logging = logging => logging
                    .AddSimpleConsole(console =>
                    {
                        console.SingleLine = true;
                        console.IncludeScopes = true;
                    })
                    .SetMinimumLevel(LogLevel.Warning)
                    .AddFilter("ExerciseFunctions", LogLevel.Information),
            };
            await using var host = await LocalPipelineHost.StartAsync(settings);
            Console.WriteLine(settings.WorkerOnly
                ? $"worker on task hub {host.Options.TaskHub}; Ctrl+C to stop"
                : $"watching container '{host.Options.VideosContainer}'; status API {host.StatusApiBaseUrl}/api/classifications/{{name}}; Ctrl+C to stop");
            await host.Host.WaitForShutdownAsync();
            if (host.Failure is { } failure)
            {
                await Console.Error.WriteLineAsync($"error: {failure}");
                return 1;
            }
            return 0;
        }
    }
}
