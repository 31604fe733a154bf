using System.Diagnostics;

namespace ExerciseFunctions.Cli.Benchmarks;

/// <summary>
/// An `exercise serve` child process on a shared storage (a worker of the benchmark's task hub), with its
/// output drained; <see cref="ReadyAsync"/> completes when it has printed that it serves.
/// </summary>
internal sealed class ServeProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServeProcess(Process process) => this.process = process;

    public int Id => process.Id;

    /// <param name="arguments">After `serve`, e.g. <c>--worker --connection …</c>.</param>
    /// <param name="environment">Pipeline settings for the child (<c>Pipeline__TaskHub</c>, …).</param>
    public static ServeProcess Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "exercise.dll"), "serve" }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        var serve = new ServeProcess(Process.Start(start)!);
        // serve prints "worker on task hub …" or "watching container …" once its host has started.
        serve.process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is { } text && (text.StartsWith("worker on task hub", StringComparison.Ordinal) || text.StartsWith("watching container", StringComparison.Ordinal)))
            {
                serve.ready.TrySetResult();
            }
        };
        serve.process.ErrorDataReceived += (_, _) => { };
        serve.process.Exited += (_, _) => serve.ready.TrySetException(new InvalidOperationException($"exercise serve (PID {serve.Id}) exited with {serve.process.ExitCode} before it served."));
        serve.process.EnableRaisingEvents = true;
        serve.process.BeginOutputReadLine();
        serve.process.BeginErrorReadLine();
        return serve;
    }

    public Task ReadyAsync(TimeSpan timeout, CancellationToken cancel) => ready.Task.WaitAsync(timeout, cancel);

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }
        await process.WaitForExitAsync(CancellationToken.None);
        process.Dispose();
    }
}
