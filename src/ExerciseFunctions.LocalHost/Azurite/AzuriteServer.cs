using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace ExerciseFunctions.LocalHost.Azurite;

/// <summary>
/// An Azurite process (npm package <c>azurite</c> in tools/node_modules, installed on first use) on loopback.
/// Started with node directly, not npx, whose wrapper can leave the server behind; stopped by PID with SIGTERM,
/// and a second SIGTERM after a few seconds because Azurite sometimes ignores the first.
/// </summary>
public sealed class AzuriteServer : IAsyncDisposable
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static readonly TimeSpan ListenTimeout = TimeSpan.FromSeconds(30);
    private const string SetSid = "/usr/bin/setsid";
    private readonly Process process;

    private AzuriteServer(Process process, int blobPort, int queuePort, int tablePort)
    {
        this.process = process;
        ConnectionString =
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};" +
            $"BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1;" +
            $"QueueEndpoint=http://127.0.0.1:{queuePort}/devstoreaccount1;" +
            $"TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1;";
    }

    public string ConnectionString { get; }

    /// <summary>Starts Azurite with its data in <paramref name="dataDirectory"/>; ports 0 pick free ones.</summary>
    public static async Task<AzuriteServer> StartAsync(string dataDirectory, int blobPort = 0, int queuePort = 0, int tablePort = 0, CancellationToken cancellationToken = default)
    {
        var script = await EnsureInstalledAsync(cancellationToken);
        Directory.CreateDirectory(dataDirectory);
        (blobPort, queuePort, tablePort) = (PortOrFree(blobPort), PortOrFree(queuePort), PortOrFree(tablePort));
        // In its own session: a Ctrl+C in the terminal reaches the whole foreground process group, and Azurite must
        // outlive the host's shutdown (the worker still talks to it) until it is stopped here.
        var start = new ProcessStartInfo(File.Exists(SetSid) ? SetSid : "node")
        {
            ArgumentList =
            {
                script, "--silent", "--skipApiVersionCheck", "--location", dataDirectory,
                "--blobHost", "127.0.0.1", "--blobPort", blobPort.ToString(),
                "--queueHost", "127.0.0.1", "--queuePort", queuePort.ToString(),
                "--tableHost", "127.0.0.1", "--tablePort", tablePort.ToString(),
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (File.Exists(SetSid))
        {
            start.ArgumentList.Insert(0, "node");
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node for Azurite.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new AzuriteServer(process, blobPort, queuePort, tablePort);
        try
        {
            await WaitListeningAsync(process, [blobPort, queuePort, tablePort], cancellationToken);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        for (var attempt = 0; attempt < 2 && !process.HasExited; attempt++)
        {
            _ = SendSignal(process.Id, SigTerm);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
        if (!process.HasExited)
        {
            process.Kill();
        }
        process.Dispose();
    }

    /// <summary>tools/node_modules/azurite/dist/src/azurite.js of the repository, installed with npm when missing.</summary>
    private static async Task<string> EnsureInstalledAsync(CancellationToken cancellationToken)
    {
        var tools = Path.Combine(RepositoryRoot(), "tools");
        var script = Path.Combine(tools, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (File.Exists(script))
        {
            return script;
        }
        var npm = Process.Start(new ProcessStartInfo("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"]) { WorkingDirectory = tools })
            ?? throw new InvalidOperationException("Could not start npm to install Azurite.");
        await npm.WaitForExitAsync(cancellationToken);
        return npm.ExitCode == 0 && File.Exists(script)
            ? script
            : throw new InvalidOperationException($"npm install in {tools} did not install Azurite (exit code {npm.ExitCode}).");
    }

    public static string RepositoryRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "ExerciseFunctions.sln")))
                {
                    return directory.FullName;
                }
            }
        }
        throw new InvalidOperationException("Cannot find the repository (ExerciseFunctions.sln) to run Azurite from; pass a storage connection string instead.");
    }

    private static int PortOrFree(int port) => port != 0 ? port : LoopbackPorts.Free();

    private static async Task WaitListeningAsync(Process process, int[] ports, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + ListenTimeout;
        foreach (var port in ports)
        {
            while (!await IsListeningAsync(port, cancellationToken))
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"Azurite exited with code {process.ExitCode} (is port {port} in use?).");
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

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);
}
