using System.Net.Sockets;
using Azure;
using Azure.Identity;
using ExerciseFunctions.Runtime.Tensors;
using ExerciseFunctions.Runtime.Video;

namespace ExerciseFunctions.Cli.Commands;

/// <summary>
/// One exit-code convention for every command (README, "Exit codes"): expected failures are one line on stderr,
/// never a stack trace. 1 usage (also what System.CommandLine returns for a malformed command line).
/// </summary>
internal static class CliFailure
{
    public const int Usage = 1;
    public const int BadInput = 2;
    public const int Unreachable = 3;
    public const int Timeout = 4;
    public const int Internal = 70;

    public static async Task<int> Guard(Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var (code, message) = Classify(e);
            await Console.Error.WriteLineAsync($"error: {message}");
            return code;
        }
    }

    public static Task<int> Guard(Func<int> action) => Guard(() => Task.FromResult(action()));

    private static (int Code, string Message) Classify(Exception e) => e switch
    {
        UsageException => (Usage, e.Message),
        TimeoutException => (Timeout, e.Message),
        UnreachableException => (Unreachable, e.Message),
        AuthenticationFailedException => (Unreachable, $"cannot sign in to Azure (az login, or an identity in the environment): {FirstLine(e.Message)}"),
        RequestFailedException { Status: 0 } => (Unreachable, $"cannot reach storage: {FirstLine(e.Message)}"),
        RequestFailedException failed => (Unreachable, $"storage refused the request ({failed.Status} {failed.ErrorCode}): {FirstLine(e.Message)}"),
        HttpRequestException or SocketException => (Unreachable, $"cannot reach storage: {FirstLine(e.Message)}"),
        // Azure.Core's retry policy gives up with every attempt's exception inside.
        AggregateException { InnerExceptions.Count: > 0 } aggregate => Classify(aggregate.InnerExceptions[^1]),
        InvalidVideoException or InvalidTensorFileException or FileNotFoundException or DirectoryNotFoundException
            or ArgumentException or InvalidDataException or IOException or UnauthorizedAccessException
            or InvalidOperationException => (BadInput, e.Message),
        _ => (Internal, $"internal error ({e.GetType().Name}): {FirstLine(e.Message)}"),
    };

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}

/// <summary>A command-line or configuration value that cannot be used (exit 1).</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>Storage or a service that could not be reached or refused the request (exit 3).</summary>
internal sealed class UnreachableException(string message, Exception? inner = null) : Exception(message, inner);
