using System.CommandLine;
using System.Diagnostics;
using ExerciseFunctions.Cli.Commands.Pipeline;
using ExerciseFunctions.LocalHost;
using ExerciseFunctions.LocalHost.Http;
using ExerciseFunctions.Pipeline.Starting;

namespace ExerciseFunctions.Cli.Commands;

/// <summary>`exercise demo`: Azurite, the durable worker and the API in-process; submits one video, prints the result, shuts down.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var video = new Argument<FileInfo?>("video") { Description = "Video to classify (default: a generated 5-second phone-style 1080x1920 squat clip).", Arity = ArgumentArity.ZeroOrOne };
        var json = CommonOptions.Json();
        var timeout = PipelineCommandOptions.Timeout();
        var command = new Command("demo", "Start everything in-process (Azurite on free ports, temporary data), classify one video through the durable pipeline, print the result and stop.")
        {
            video, json, timeout,
        };
        command.SetAction((parse, cancellationToken) => CliFailure.Guard(async () =>
        {
            var work = Directory.CreateTempSubdirectory("exercise-demo-");
            try
            {
                var input = parse.GetValue(video) ?? new FileInfo(SampleVideo.Write(Path.Combine(work.FullName, "sample"), 1920, 1080, portrait: true, seconds: 5));
                var port = LoopbackPorts.Free();
                var settings = new LocalHostSettings
                {
                    // Its own Azurite, whatever the environment names.
                    Configuration = new Dictionary<string, string?> { [PipelineCommandOptions.StorageConnectionKey] = "" },
                    HttpPort = port,
                    AzuriteDirectory = Path.Combine(work.FullName, "azurite"),
                    AzuritePorts = null,
                    WatchInterval = TimeSpan.FromMilliseconds(200),
                };
                await using var host = await LocalPipelineHost.StartAsync(settings, cancellationToken);
                var clock = Stopwatch.StartNew();
                var row = await Submission.SubmitAndWaitAsync(host.Storage, input, parse.GetValue(timeout), cancellationToken);
                var uploadToRow = clock.Elapsed;
                var exitCode = ClassificationPrinter.Print(ClassificationQuery.ToView(row, null), parse.GetValue(json));
                Console.Error.WriteLine($"upload to row: {uploadToRow.TotalSeconds:F1} s; status URL (while the demo ran): {StatusApi.StatusUrl(port, input.Name)}");
                return exitCode;
            }
            finally
            {
                work.Delete(recursive: true);
            }
        }));
        return command;
    }
}
