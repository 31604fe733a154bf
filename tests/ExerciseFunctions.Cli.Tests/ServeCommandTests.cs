using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using ExerciseFunctions.LocalHost;
using ExerciseFunctions.LocalHost.Azurite;
using ExerciseFunctions.Pipeline.Storage;
using ExerciseFunctions.Testing;
using Xunit.Abstractions;

namespace ExerciseFunctions.Cli.Tests;

/// <summary>`exercise serve` as a process: from any folder, one Azurite per data folder, supervised, and a bounded shutdown.</summary>
public sealed class ServeCommandTests(ITestOutputHelper log) : IDisposable
{
    /// <summary>The bar for "exits within a few seconds of SIGTERM".</summary>
    private static readonly TimeSpan ExitBound = TimeSpan.FromSeconds(10);
    private readonly string home = ServeProcess.NewHome();
    private readonly AzuritePorts azurite = ServeProcess.FreeAzuritePorts();
    private readonly int httpPort = LoopbackPorts.Free();

    private string DataDirectory => Path.Combine(home, "azurite-data");

    public void Dispose() => ServeProcess.DeleteHome(home);

    [Fact]
    public async Task Serve_started_outside_the_checkout_classifies_an_upload_shows_it_through_its_api_and_stops_on_sigterm()
    {
        await using var serve = await ServeProcess.StartAsync(home, azurite, httpPort);
        using var videos = new GeneratedVideoDirectory();
        var video = videos.Write("squat.mp4", new VideoSpec(96, 72, 25, 75));
        var deadline = WorkDeadline.ForClassifications(1, videoSeconds: 3);

        var submit = await CliProcess.RunAsync(ServeProcess.Environment(home), "submit", video, "--connection", azurite.ConnectionString, "--json", "--timeout", deadline.ToString("c"));

        Assert.True(submit.ExitCode == 0, submit.Stderr + serve.Output);
        using var row = JsonDocument.Parse(submit.Stdout);
        Assert.Equal("Completed", row.RootElement.GetProperty("status").GetString());
        // status asks serve's API (its default source): the same classification, with the progress only the API knows.
        var status = await CliProcess.RunAsync("status", "squat.mp4", "--api", $"http://127.0.0.1:{httpPort}", "--json");
        Assert.True(status.ExitCode == 0, status.Stderr);
        using var view = JsonDocument.Parse(status.Stdout);
        Assert.Equal(row.RootElement.GetProperty("instanceId").GetString(), view.RootElement.GetProperty("instanceId").GetString());
        Assert.Equal("Completed", view.RootElement.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Object, view.RootElement.GetProperty("progress").ValueKind);
        Assert.Single(ServeProcess.AzuriteProcesses(DataDirectory));
        serve.Signal(ServeProcess.SigTerm);
        var seconds = await serve.SecondsToExitAsync(ExitBound);
        Assert.NotNull(seconds);
        Assert.Equal(0, serve.ExitCode);
        log.WriteLine($"exited {seconds:F2} s after SIGTERM");
        Assert.Empty(ServeProcess.AzuriteProcesses(DataDirectory));
    }

    [Fact]
    public async Task A_serve_started_after_one_was_killed_reuses_its_azurite_and_stops_it()
    {
        var first = await ServeProcess.StartAsync(home, azurite, httpPort);
        var azuritePid = Assert.Single(ServeProcess.AzuriteProcesses(DataDirectory));
        first.Signal(ServeProcess.SigKill);
        await first.SecondsToExitAsync(ExitBound);
        await first.DisposeAsync();
        Assert.Equal([azuritePid], ServeProcess.AzuriteProcesses(DataDirectory));

        await using var second = await ServeProcess.StartAsync(home, azurite, httpPort);

        Assert.Equal([azuritePid], ServeProcess.AzuriteProcesses(DataDirectory));
        second.Signal(ServeProcess.SigTerm);
        Assert.NotNull(await second.SecondsToExitAsync(ExitBound));
        Assert.Empty(ServeProcess.AzuriteProcesses(DataDirectory));
    }

    [Fact]
    public async Task Serve_starts_its_azurite_again_when_it_dies()
    {
        await using var serve = await ServeProcess.StartAsync(home, azurite, httpPort);
        var killed = Assert.Single(ServeProcess.AzuriteProcesses(DataDirectory));

        ServeProcess.Kill(killed);

        // The supervisor's own pace (a restart within seconds), not a classification's: a fixed deadline.
        await WorkDeadline.UntilAsync(
            TimeSpan.FromSeconds(30),
            () => Task.FromResult(ServeProcess.AzuriteProcesses(DataDirectory) is [var pid] && pid != killed),
            () => Task.FromResult($"Azurite was not started again:\n{serve.Output}"));
        Assert.False(serve.HasExited);
    }

    [Fact]
    public async Task Serve_tries_again_when_its_azurite_cannot_start_at_once()
    {
        await using var serve = await ServeProcess.StartAsync(home, azurite, httpPort);
        var killed = Assert.Single(ServeProcess.AzuriteProcesses(DataDirectory));

        // The dead Azurite's blob port held (as a lingering socket or process would hold it) until the first start has
        // failed on it (EADDRINUSE), however long Node takes to get there; the next start finds the port free.
        ServeProcess.Kill(killed);
        var holder = await OccupyAsync(azurite.Blob);
        await WorkDeadline.UntilAsync(
            TimeSpan.FromSeconds(30),
            () => Task.FromResult(serve.Output.Contains("did not start") || serve.HasExited),
            () => Task.FromResult($"no failed start was reported:\n{serve.Output}"));
        holder.Stop();

        await WorkDeadline.UntilAsync(
            TimeSpan.FromSeconds(30),
            () => Task.FromResult(ServeProcess.AzuriteProcesses(DataDirectory) is [var pid] && pid != killed),
            () => Task.FromResult($"Azurite was not started again:\n{serve.Output}"));
        Assert.False(serve.HasExited, serve.Output);
    }

    [Fact]
    public async Task Azurite_restarted_in_the_middle_of_a_classification_and_the_upload_still_completes()
    {
        await using var serve = await ServeProcess.StartAsync(home, azurite, httpPort);
        using var videos = new GeneratedVideoDirectory();
        var video = videos.Write("restart.mp4", new VideoSpec(320, 240, 25, FrameCount: 150));
        // The outage may cost a step done again: at worst the classification twice.
        var deadline = WorkDeadline.ForClassifications(2, videoSeconds: 6);
        using var http = new HttpClient();
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var uploads = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient("videos");
        await uploads.GetBlobClient("restart.mp4").UploadAsync(video, overwrite: true);
        await ServeProcess.WaitForStageAsync(http, httpPort, "restart.mp4", stage => stage is "ComputingFlow" or "Inferring", deadline);
        var stopped = Assert.Single(ServeProcess.AzuriteProcesses(DataDirectory));
        ServeProcess.Terminate(stopped);
        List<ClassificationRow> rows;
        try
        {
            rows = await FinishedRowsAsync(new TableServiceClient(azurite.ConnectionString).GetTableClient("classifications"), "restart.mp4", deadline);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException(serve.Output);
        }

        Assert.Equal(ClassificationStatus.Completed, Assert.Single(rows).Status);
        Assert.NotEqual(stopped, Assert.Single(ServeProcess.AzuriteProcesses(DataDirectory)));
        log.WriteLine($"Azurite restarted mid-run: Completed after {clock.Elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public async Task Serve_stops_with_the_reason_when_its_azurite_cannot_be_started_again()
    {
        await using var serve = await ServeProcess.StartAsync(home, azurite, httpPort);

        ServeProcess.Kill(Assert.Single(ServeProcess.AzuriteProcesses(DataDirectory)));
        using var squatter = await OccupyAsync(azurite.Blob);

        Assert.NotNull(await serve.SecondsToExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(1, serve.ExitCode);
        Assert.Contains("error: Azurite", serve.Output);
    }

    [Fact]
    public async Task Serve_exits_within_seconds_of_sigterm_when_its_azurite_is_gone()
    {
        await using var serve = await ServeProcess.StartAsync(home, azurite, httpPort);
        ServeProcess.Kill(Assert.Single(ServeProcess.AzuriteProcesses(DataDirectory)));
        // Azurite stays gone: its port is taken, so the supervisor cannot bring it back before the SIGTERM lands.
        using var squatter = await OccupyAsync(azurite.Blob);

        serve.Signal(ServeProcess.SigTerm);

        var seconds = await serve.SecondsToExitAsync(ExitBound);
        Assert.True(seconds is not null, $"still running {ExitBound.TotalSeconds} s after SIGTERM:\n{serve.Output}");
        log.WriteLine($"exited {seconds:F2} s after SIGTERM");
    }

    /// <summary>The upload's rows once one is finished, read through the outage: storage errors mean "not yet".</summary>
    private static Task<List<ClassificationRow>> FinishedRowsAsync(TableClient table, string name, TimeSpan deadline) =>
        WorkDeadline.PollAsync(deadline, async () =>
        {
            try
            {
                var rows = new List<ClassificationRow>();
                await foreach (var row in table.QueryAsync<ClassificationRow>(r => r.BlobName == name))
                {
                    rows.Add(row);
                }
                return rows.Any(r => r.Status != ClassificationStatus.Running) ? rows : null;
            }
            catch (Exception e) when (e is RequestFailedException or AggregateException)
            {
                return null;
            }
        }, $"no finished row for {name}");

    /// <summary>Listens on the dead Azurite's blob port (retrying while the kernel frees it).</summary>
    private static async Task<TcpListener> OccupyAsync(int port)
    {
        for (var attempt = 0; ; attempt++)
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            try
            {
                listener.Start();
                return listener;
            }
            catch (SocketException) when (attempt < 100)
            {
                listener.Dispose();
                await Task.Delay(20);
            }
        }
    }
}
