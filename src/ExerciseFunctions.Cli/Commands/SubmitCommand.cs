using System.CommandLine;
using ExerciseFunctions.Cli.Commands.Pipeline;
using ExerciseFunctions.Pipeline.Starting;

namespace ExerciseFunctions.Cli.Commands;

/// <summary>`exercise submit`: upload a video to the videos container and print its classification when the row is written.</summary>
internal static class SubmitCommand
{
    public static Command Create()
    {
        var video = new Argument<FileInfo>("video") { Description = "Video file to upload (its file name becomes the blob name)." };
        var json = CommonOptions.Json();
        var connection = PipelineCommandOptions.Connection();
        var account = PipelineCommandOptions.Account();
        var timeout = PipelineCommandOptions.Timeout();
        var command = new Command("submit", "Upload a video for the running pipeline (exercise serve, or Azure) and wait for its result.")
        {
            video, json, connection, account, timeout,
        };
        command.SetAction((parse, cancellationToken) => CliFailure.Guard(async () =>
        {
            if (parse.GetValue(timeout) <= TimeSpan.Zero)
            {
                throw new UsageException("--timeout must be positive.");
            }
            var storage = PipelineCommandOptions.OpenStorage(parse.GetValue(connection), parse.GetValue(account), parse.GetValue(timeout));
            var row = await Submission.SubmitAndWaitAsync(storage, parse.GetValue(video)!, parse.GetValue(timeout), cancellationToken);
            return ClassificationPrinter.Print(ClassificationQuery.ToView(row, null), parse.GetValue(json));
        }));
        return command;
    }
}
