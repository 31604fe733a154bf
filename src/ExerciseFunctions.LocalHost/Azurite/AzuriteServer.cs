using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.Json.Serialization;

namespace ExerciseFunctions.LocalHost.Azurite;

/// <summary>Azurite's three ports on 127.0.0.1.</summary>
public sealed record AzuritePorts(int Blob, int Queue, int Table)
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public static readonly AzuritePorts Standard = new(10000, 10001, 10002);

    /// <summary>Azurite's well-known development account on these ports.</summary>
    [JsonIgnore]
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{Blob}/devstoreaccount1;" +
        $"QueueEndpoint=http://127.0.0.1:{Queue}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{Table}/devstoreaccount1;";

    public static AzuritePorts Free() => new(LoopbackPorts.Free(), LoopbackPorts.Free(), LoopbackPorts.Free());

    [JsonIgnore]
    public IEnumerable<int> All => [Blob, Queue, Table];
}

/// <summary>
/// The one Azurite of a data folder, on loopback. A lock file in the folder names its process and ports: a live one
/// is reused (and adopted, to be stopped here, when the process that started it is gone), a dead one's lock is
/// removed, so two processes never write the same folder. Started with node directly, not npx, whose wrapper can
/// leave the server behind; stopped by PID with SIGTERM, and a second one after a few seconds because Azurite
/// sometimes ignores the first.
/// </summary>
public sealed class AzuriteServer : IAsyncDisposable
{
    private static readonly TimeSpan ListenTimeout = TimeSpan.FromSeconds(30);
    // A first SIGTERM that Azurite heard ends it in well under a second; one it ignored is repeated soon.
    private static readonly TimeSpan[] StopGraces = [TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5)];
    private const string SetSid = "/usr/bin/setsid";
    private const int KeptErrorLines = 6;
    private readonly Process? child;

    private AzuriteServer(string dataDirectory, int processId, AzuritePorts ports, bool owned, Process? child)
    {
        DataDirectory = dataDirectory;
        ProcessId = processId;
        Ports = ports;
        Owned = owned;
        this.child = child;
    }

    public string DataDirectory { get; }
    public int ProcessId { get; }
    public AzuritePorts Ports { get; }

    /// <summary>Stopped when disposed: started here, or adopted from a process that is gone.</summary>
    public bool Owned { get; }

    public string ConnectionString => Ports.ConnectionString;

    public bool IsRunning => ServesFolder(ProcessId, DataDirectory);

    /// <summary>Running and accepting connections on its blob port (after a SIGTERM Azurite can close its ports and linger).</summary>
    public async Task<bool> IsServingAsync(CancellationToken cancellationToken) => IsRunning && await IsListeningAsync(Ports.Blob, cancellationToken);

    /// <summary>
    /// The Azurite serving <paramref name="dataDirectory"/>: the live one its lock names, else a new one on
    /// <paramref name="ports"/> (null: free ports). A new one hands each line of its access log (one per request:
    /// method, path, status, response bytes) to <paramref name="accessLog"/> when given (the scale bench counts them).
    /// </summary>
    public static async Task<AzuriteServer> StartOrReuseAsync(string dataDirectory, AzuritePorts? ports = null, Action<string>? accessLog = null,
        CancellationToken cancellationToken = default)
    {
        dataDirectory = Path.GetFullPath(dataDirectory);
        Directory.CreateDirectory(dataDirectory);
        using var gate = await AzuriteLock.EnterAsync(dataDirectory, cancellationToken);
        if (AzuriteLock.Read(dataDirectory) is { } recorded)
        {
            if (ServesFolder(recorded.ProcessId, dataDirectory))
            {
                await WaitListeningAsync(recorded.ProcessId, dataDirectory, recorded.Ports, cancellationToken);
                var adopt = !ProcessExists(recorded.OwnerProcessId);
                if (adopt)
                {
                    AzuriteLock.Write(dataDirectory, recorded with { OwnerProcessId = Environment.ProcessId });
                }
                return new AzuriteServer(dataDirectory, recorded.ProcessId, recorded.Ports, adopt, child: null);
            }
            AzuriteLock.Delete(dataDirectory);
        }
        var script = await AzuriteInstallation.EnsureAsync(cancellationToken);
        ports ??= AzuritePorts.Free();
        var errors = new ConcurrentQueue<string>();
        var process = Start(script, dataDirectory, ports, accessLog, errors);
        var server = new AzuriteServer(dataDirectory, process.Id, ports, owned: true, process);
        try
        {
            await WaitListeningAsync(process.Id, dataDirectory, ports, cancellationToken, errors);
            AzuriteLock.Write(dataDirectory, new AzuriteLock.Record(process.Id, Environment.ProcessId, ports));
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    /// <param name="errors">Receives Azurite's last lines on stderr (why it exited, when it does).</param>
    private static Process Start(string script, string dataDirectory, AzuritePorts ports, Action<string>? accessLog, ConcurrentQueue<string> errors)
    {
        // In its own session: a Ctrl+C in the terminal reaches the whole foreground process group, and Azurite must
        // outlive the host's shutdown (the worker still talks to it) until it is stopped here.
        var start = new ProcessStartInfo(File.Exists(SetSid) ? SetSid : "node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (File.Exists(SetSid))
        {
            start.ArgumentList.Add("node");
        }
        // Without --silent Azurite writes its access log to stdout.
        foreach (var argument in (accessLog is null ? new[] { script, "--silent" } : [script]).Concat(
                 [
                     "--skipApiVersionCheck", "--location", dataDirectory,
                     "--blobHost", "127.0.0.1", "--blobPort", ports.Blob.ToString(),
                     "--queueHost", "127.0.0.1", "--queuePort", ports.Queue.ToString(),
                     "--tableHost", "127.0.0.1", "--tablePort", ports.Table.ToString(),
                 ]))
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node for Azurite.");
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                accessLog?.Invoke(line.Data);
            }
        };
        process.ErrorDataReceived += (_, line) =>
        {
            if (!string.IsNullOrWhiteSpace(line.Data))
            {
                errors.Enqueue(line.Data.Trim());
                while (errors.Count > KeptErrorLines)
                {
                    errors.TryDequeue(out string? _);
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Stops an owned Azurite and removes its lock; a shared one is left to its owner.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!Owned)
        {
            return;
        }
        foreach (var grace in StopGraces)
        {
            if (!IsRunning)
            {
                break;
            }
            _ = SendSignal(ProcessId, SigTerm);
            await WaitStoppedAsync(grace);
        }
        if (IsRunning)
        {
            _ = SendSignal(ProcessId, SigKill);
            await WaitStoppedAsync(StopGraces[^1]);
        }
        if (AzuriteLock.Read(DataDirectory)?.ProcessId == ProcessId)
        {
            AzuriteLock.Delete(DataDirectory);
        }
        child?.Dispose();
    }

    private async Task WaitStoppedAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (IsRunning && clock.Elapsed < timeout)
        {
            await Task.Delay(50);
        }
    }

    /// <summary>
    /// Whether <paramref name="processId"/> is an Azurite on <paramref name="dataDirectory"/>: a recycled PID, or a
    /// zombie (empty command line), is not.
    /// </summary>
    internal static bool ServesFolder(int processId, string dataDirectory)
    {
        var arguments = CommandLine(processId);
        var location = Array.IndexOf(arguments, "--location");
        return arguments.Any(a => a.EndsWith("azurite.js", StringComparison.Ordinal))
            && location >= 0 && location + 1 < arguments.Length && arguments[location + 1] == dataDirectory;
    }

    private static bool ProcessExists(int processId) => CommandLine(processId).Length > 0;

    private static string[] CommandLine(int processId)
    {
        try
        {
            return File.ReadAllText($"/proc/{processId}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <param name="errors">The started process's last stderr lines, quoted when it exits (null: not started here).</param>
    private static async Task WaitListeningAsync(int processId, string dataDirectory, AzuritePorts ports, CancellationToken cancellationToken,
        IReadOnlyCollection<string>? errors = null)
    {
        var deadline = DateTime.UtcNow + ListenTimeout;
        foreach (var port in ports.All)
        {
            while (!await IsListeningAsync(port, cancellationToken))
            {
                if (!ServesFolder(processId, dataDirectory))
                {
                    var said = errors is { Count: > 0 } ? $": {string.Join(" | ", errors)}" : " (is the port in use?)";
                    throw new InvalidOperationException($"Azurite (PID {processId}) exited before it listened on 127.0.0.1:{port}{said}.");
                }
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"Azurite did not listen on 127.0.0.1:{port} within {ListenTimeout.TotalSeconds:F0} s.");
                }
                await Task.Delay(100, cancellationToken);
            }
        }
    }

    private static async Task<bool> IsListeningAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private const int SigTerm = 15;
    private const int SigKill = 9;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);
}
