using System.Net;
using System.Net.Sockets;

namespace ExerciseFunctions.Cli.Tests;

/// <summary>
/// The exit-code convention of the README on the real program: 1 usage, 2 bad input, 3 storage or service
/// unreachable, 4 timeout; each failure one line on stderr, and a dead endpoint is given up on, not waited on until the timeout.
/// </summary>
public sealed class ExitCodeTests
{
    // Azurite's published development key: a well-formed connection string whose endpoints the test chooses.
    private const string DevelopmentKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    [Fact]
    public async Task Status_without_a_running_host_says_how_to_start_one()
    {
        var outcome = await CliProcess.RunAsync("status", "squat.mp4", "--api", $"http://127.0.0.1:{ClosedPort()}");

        AssertOneErrorLine(outcome, 3, "exercise serve");
    }

    [Fact]
    public async Task Submit_of_a_missing_file_is_bad_input()
    {
        var outcome = await CliProcess.RunAsync("submit", Path.Combine(Path.GetTempPath(), "no-such-video.mp4"), "--timeout", "00:00:05");

        AssertOneErrorLine(outcome, 2, "not found");
    }

    [Fact]
    public async Task A_garbage_connection_string_is_a_usage_error()
    {
        var outcome = await SubmitAsync("--connection", "garbage", "--timeout", "00:00:05");

        AssertOneErrorLine(outcome, 1, "connection string is not valid");
    }

    [Fact]
    public async Task An_endpoint_nothing_listens_on_is_unreachable_long_before_the_timeout()
    {
        // A timeout far beyond the test's deadline: a submit that kept trying the dead endpoint until its timeout is
        // killed at the deadline and fails the test; one that gives up at once exits 3.
        var outcome = await SubmitAsync(DeadEndpointDeadline, "--connection", ConnectionTo(ClosedPort()), "--timeout", "00:30:00");

        AssertOneErrorLine(outcome, 3, "cannot reach storage");
    }

    [Fact]
    public async Task An_endpoint_that_never_answers_ends_at_the_timeout()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;

        var outcome = await SubmitAsync(DeadEndpointDeadline, "--connection", ConnectionTo(port), "--timeout", "00:00:02");

        // The program's own account of when it gave up.
        AssertOneErrorLine(outcome, 4, "after 2 s");
    }

    [Theory]
    [InlineData("ftp://example", "http(s) URL")]
    [InlineData("https://example.com", "blob endpoint")]
    public async Task An_account_that_is_no_blob_endpoint_is_a_usage_error(string account, string expected)
    {
        var outcome = await SubmitAsync("--account", account);

        AssertOneErrorLine(outcome, 1, expected);
    }

    [Fact]
    public async Task Connection_and_account_together_are_a_usage_error()
    {
        var outcome = await SubmitAsync("--connection", "UseDevelopmentStorage=true", "--account", "https://x.blob.core.windows.net");

        AssertOneErrorLine(outcome, 1, "not both");
    }

    [Fact]
    public async Task An_account_signs_in_with_Entra_ID_and_fails_as_unreachable_where_no_sign_in_or_account_exists()
    {
        // No credential in this environment: DefaultAzureCredential gives up. With one, the made-up account's DNS
        // name does not resolve. Either way: 3, one line.
        var outcome = await SubmitAsync("--account", "https://nosuchaccount0exercise.blob.core.windows.net", "--timeout", "00:00:30");

        AssertOneErrorLine(outcome, 3, "");
    }

    [Fact]
    public async Task Status_reads_the_table_directly_and_reports_an_unreachable_one()
    {
        var outcome = await CliProcess.RunAsync("status", "squat.mp4", "--connection", ConnectionTo(ClosedPort()), "--timeout", "00:00:05");

        AssertOneErrorLine(outcome, 3, "cannot reach storage");
    }

    [Fact]
    public async Task An_API_that_answers_401_asks_for_an_Entra_ID_scope()
    {
        // What Container Apps authentication answers without a token.
        using var listener = new HttpListener();
        var port = ClosedPort();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var answer = Task.Run(async () =>
        {
            var context = await listener.GetContextAsync();
            context.Response.StatusCode = 401;
            context.Response.Close();
        });

        var outcome = await CliProcess.RunAsync("status", "squat.mp4", "--api", $"http://127.0.0.1:{port}", "--timeout", "00:00:10");
        await answer;

        AssertOneErrorLine(outcome, 3, "--api-scope");
    }

    [Fact]
    public async Task An_API_scope_without_an_Entra_ID_sign_in_is_unreachable()
    {
        var outcome = await CliProcess.RunAsync(
            "status", "squat.mp4", "--api", $"http://127.0.0.1:{ClosedPort()}", "--api-scope", "api://00000000-0000-0000-0000-000000000001/.default",
            "--timeout", "00:00:30");

        AssertOneErrorLine(outcome, 3, "");
    }

    [Fact]
    public async Task A_malformed_command_line_exits_1()
    {
        var outcome = await CliProcess.RunAsync("submit", "squat.mp4", "--timeout", "soon");

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("Cannot parse argument 'soon'", outcome.Stderr);
        Assert.DoesNotContain("   at ", outcome.Stderr + outcome.Stdout);
    }

    /// <summary>Long enough for a start and a failure on a crowded machine, far short of the timeouts these tests pass.</summary>
    private static readonly TimeSpan DeadEndpointDeadline = TimeSpan.FromMinutes(1);

    private static Task<CliProcess.Outcome> SubmitAsync(params string[] options) => SubmitAsync(CliProcess.DefaultLimit, options);

    private static async Task<CliProcess.Outcome> SubmitAsync(TimeSpan limit, params string[] options)
    {
        var video = Path.Combine(Path.GetTempPath(), $"exit-code-{Guid.NewGuid():N}.mp4");
        await File.WriteAllTextAsync(video, "not a video; never read");
        try
        {
            return await CliProcess.RunAsync(limit, new Dictionary<string, string?>(), ["submit", video, .. options]);
        }
        finally
        {
            File.Delete(video);
        }
    }

    private static string ConnectionTo(int port) =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevelopmentKey};" +
        $"BlobEndpoint=http://127.0.0.1:{port}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";

    private static void AssertOneErrorLine(CliProcess.Outcome outcome, int exitCode, string expected)
    {
        var line = Assert.Single(outcome.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.True(exitCode == outcome.ExitCode, $"exit {outcome.ExitCode}: {line}");
        Assert.StartsWith("error:", line);
        Assert.Contains(expected, line);
        Assert.DoesNotContain("   at ", outcome.Stderr + outcome.Stdout);
    }

    /// <summary>A loopback port nothing listens on: taken from the OS, then released.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
