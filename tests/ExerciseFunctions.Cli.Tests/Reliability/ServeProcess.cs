using System.Diagnostics;

namespace ExerciseFunctions.Cli.Tests.Reliability;

/// <summary>
/// `exercise serve` as a child process on a given storage account and task hub, so a test can kill it the way a
/// crash or an out-of-memory kill would (SIGKILL: no shutdown code runs) and start another.
/// </summary>
internal sealed class ServeProcess : IDisposable
{
    private readonly Process process;

    private ServeProcess(Process process) => this.process = process;

    public static ServeProcess Start(string connection, int port, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "exercise.dll"), "serve", "--connection", connection, "--port", port.ToString() })
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ServeProcess(process);
    }

    public void Kill()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            Kill();
        }
        process.Dispose();
    }
}
