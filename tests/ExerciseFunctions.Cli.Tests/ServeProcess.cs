using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using ExerciseFunctions.LocalHost.Azurite;
using ExerciseFunctions.Runtime.Hosting;
using ExerciseFunctions.Testing;

namespace ExerciseFunctions.Cli.Tests;

/// <summary>
/// `exercise serve` as a user runs it: the built program started from an empty folder outside the checkout, with
/// its own user data folder (EXERCISE_HOME) whose azurite/ links to the Azurite tools/setup.sh installed, and
/// Azurite on free ports.
/// </summary>
internal sealed class ServeProcess : IAsyncDisposable
{
    public const int SigKill = 9;
    public const int SigTerm = 15;
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServeProcess(Process process) => this.process = process;

    public int Id => process.Id;
    public bool HasExited => process.HasExited;
    public int ExitCode => process.ExitCode;

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>A fresh user data folder with the installed Azurite linked in (nothing is installed during a test).</summary>
    public static string NewHome()
    {
        var home = Directory.CreateTempSubdirectory("exercise-home-").FullName;
        var installed = AzuriteInstallation.InstallDirectory;
        if (!File.Exists(Path.Combine(installed, "node_modules", "azurite", "dist", "src", "azurite.js")))
        {
            throw new InvalidOperationException($"Azurite is not installed in {installed}: run tools/setup.sh.");
        }
        Directory.CreateSymbolicLink(Path.Combine(home, "azurite"), installed);
        return home;
    }

    /// <summary>The user data folder, and small windows (through the environment, as a user configures serve) to keep a classification short.</summary>
    public static Dictionary<string, string?> Environment(string home) => new()
    {
        [UserDataDirectory.Variable] = home,
        ["Pipeline__StorageConnection"] = null,
        ["Pipeline__WindowFrames"] = "16",
        ["Pipeline__WindowStride"] = "16",
    };

    public static Task<ServeProcess> StartAsync(string home, AzuritePorts azurite, int httpPort) =>
        StartAsync(Environment(home), "--port", httpPort.ToString(), "--azurite-port", azurite.Blob.ToString());

    /// <summary>Starts `exercise serve` with these arguments and waits until it watches for uploads.</summary>
    public static async Task<ServeProcess> StartAsync(IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Directory.CreateTempSubdirectory("exercise-cwd-").FullName,
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "exercise.dll"), "serve" },
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        var serve = new ServeProcess(Process.Start(start)!);
        serve.process.OutputDataReceived += (_, line) => serve.Append(line.Data, isReadyLine: line.Data?.StartsWith("watching container") == true);
        serve.process.ErrorDataReceived += (_, line) => serve.Append(line.Data, isReadyLine: false);
        serve.process.BeginOutputReadLine();
        serve.process.BeginErrorReadLine();
        var exited = serve.process.WaitForExitAsync();
        if (await Task.WhenAny(serve.ready.Task, exited, Task.Delay(TimeSpan.FromSeconds(90))) != serve.ready.Task)
        {
            await serve.DisposeAsync();
            throw new InvalidOperationException($"serve did not get ready:\n{serve.Output}");
        }
        return serve;
    }

    private void Append(string? line, bool isReadyLine)
    {
        if (line is null)
        {
            return;
        }
        lock (output)
        {
            output.AppendLine(line);
        }
        if (isReadyLine)
        {
            ready.TrySetResult();
        }
    }

    public void Signal(int signal) => _ = SendSignal(process.Id, signal);

    public static void Kill(int pid) => _ = SendSignal(pid, SigKill);

    public static void Terminate(int pid) => _ = SendSignal(pid, SigTerm);

    /// <summary>Polls the status API of the serve on <paramref name="port"/> until the classification of <paramref name="name"/> is in a matching stage.</summary>
    public static Task WaitForStageAsync(HttpClient http, int port, string name, Func<string, bool> stage, TimeSpan deadline) =>
        WorkDeadline.UntilAsync(deadline, async () => await StageAsync(http, port, name) is { } current && stage(current), $"{name} never reached the stage");

    private static async Task<string?> StageAsync(HttpClient http, int port, string name)
    {
        try
        {
            using var response = await http.GetAsync($"http://127.0.0.1:{port}/api/classifications/{name}");
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return null;
            }
            var view = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            return view.TryGetProperty("progress", out var progress) && progress.ValueKind == JsonValueKind.Object
                ? progress.GetProperty("stage").GetString()
                : null;
        }
        catch (HttpRequestException)
        {
            return null; // the process is starting
        }
    }

    /// <summary>Seconds until the process exited, or null when it still runs after <paramref name="timeout"/>.</summary>
    public async Task<double?> SecondsToExitAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
            return clock.Elapsed.TotalSeconds;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }

    /// <summary>PIDs of the Azurite processes whose data folder is <paramref name="dataDirectory"/>.</summary>
    public static IReadOnlyList<int> AzuriteProcesses(string dataDirectory)
    {
        var pids = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }
            string[] arguments;
            try
            {
                arguments = File.ReadAllText(Path.Combine(directory, "cmdline")).Split('\0');
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            var location = Array.IndexOf(arguments, "--location");
            if (arguments.Any(a => a.EndsWith("azurite.js")) && location >= 0 && arguments[location + 1] == dataDirectory)
            {
                pids.Add(pid);
            }
        }
        return pids;
    }

    /// <summary>Kills what a test left behind and deletes the folder.</summary>
    public static void DeleteHome(string home)
    {
        foreach (var pid in AzuriteProcesses(Path.Combine(home, "azurite-data")))
        {
            _ = SendSignal(pid, SigKill);
        }
        Directory.Delete(home, recursive: true);
    }

    /// <summary>Three consecutive loopback ports that were free a moment ago.</summary>
    public static AzuritePorts FreeAzuritePorts()
    {
        for (var attempt = 0; ; attempt++)
        {
            var blob = Random.Shared.Next(20000, 60000);
            if (new[] { blob, blob + 1, blob + 2 }.All(IsFree))
            {
                return new AzuritePorts(blob, blob + 1, blob + 2);
            }
        }
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "kill")]
    private static extern int SendSignal(int pid, int signal);
}
