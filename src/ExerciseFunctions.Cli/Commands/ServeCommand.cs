using System.CommandLine;
using System.Runtime.InteropServices;
using ExerciseFunctions.Cli.Commands.Pipeline;
using ExerciseFunctions.LocalHost;
using Microsoft.Extensions.Logging;

namespace ExerciseFunctions.Cli.Commands;

/// <summary>`exercise serve`: the pipeline on this machine (Durable Task Framework on Azurite), until Ctrl+C.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var worker = new Option<bool>("--worker") { Description = "Only process work from the task hub (no watcher, no HTTP API); several share the work." };
        var connection = PipelineCommandOptions.Connection();
        var port = PipelineCommandOptions.Port();
        var command = new Command("serve", "Run the pipeline locally: watch the videos container, classify uploads, serve GET /api/classifications/{name}. Starts Azurite when no connection string is given.")
        {
            worker, connection, port,
        };
        // A synchronous action: System.CommandLine gives async actions only 2 s after Ctrl+C before it exits, too
        // little to stop the worker and Azurite; here Ctrl+C and SIGTERM cancel and the shutdown runs to the end.
        command.SetAction(parse => CliFailure.Guard(() => RunAsync(parse).GetAwaiter().GetResult()));
        return command;

        async Task<int> RunAsync(ParseResult parse)
        {
            using var stop = new CancellationTokenSource();
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
            var cancellationToken = stop.Token;
            using var loggers = LoggerFactory.Create(logging => logging.AddSimpleConsole(console => console.SingleLine = true).SetMinimumLevel(LogLevel.Warning)
                .AddFilter("ExerciseFunctions", LogLevel.Information));
            var settings = new LocalHostSettings
            {
                Pipeline = PipelineCommandOptions.Resolve(parse.GetValue(connection), clientDefaultsToAzurite: false),
                WorkerOnly = parse.GetValue(worker),
                HttpPort = parse.GetValue(port),
            };
            await using var host = await LocalPipelineHost.StartAsync(settings, loggers, cancellationToken);
            Console.WriteLine(settings.WorkerOnly
                ? $"worker on task hub {host.Options.TaskHub}; Ctrl+C to stop"
                : $"watching container '{host.Options.VideosContainer}'; status API {host.StatusApiBaseUrl}/api/classifications/{{name}}; Ctrl+C to stop");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
            }
            return 0;

            void Cancel(PosixSignalContext context)
            {
                context.Cancel = true;
                stop.Cancel();
            }
        }
    }
}
