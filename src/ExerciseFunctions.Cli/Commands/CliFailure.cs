using ExerciseFunctions.Runtime.Tensors;
using ExerciseFunctions.Runtime.Video;

namespace ExerciseFunctions.Cli.Commands;

/// <summary>Turns expected failures into one clear line on stderr and a non-zero exit code, never a stack trace.</summary>
internal static class CliFailure
{
    public const int BadInput = 2;

    public static async Task<int> Guard(Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception e) when (IsUserFacing(e))
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return BadInput;
        }
    }

    public static Task<int> Guard(Func<int> action) => Guard(() => Task.FromResult(action()));

    static bool IsUserFacing(Exception e) => e is InvalidVideoException or InvalidTensorFileException
        or FileNotFoundException or DirectoryNotFoundException or ArgumentException or InvalidDataException
        or IOException or UnauthorizedAccessException or InvalidOperationException;
}
