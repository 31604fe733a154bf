using System.CommandLine;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Azure.Core;
using Azure.Identity;
using ExerciseFunctions.Cli.Commands.Pipeline;
using ExerciseFunctions.Pipeline.Starting;

namespace ExerciseFunctions.Cli.Commands;

/// <summary>
/// `exercise status`: a video's classification (runtime status, progress, result) from the local status API, or,
/// with --connection or --account, the result row straight from the classifications table (how to read a deployment
/// in Azure, whose API wants an Entra ID token).
/// </summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("blob-name") { Description = "Name of the video in the videos container." };
        var json = CommonOptions.Json();
        var api = new Option<string>("--api") { Description = "Base URL of the status API.", DefaultValueFactory = _ => "http://127.0.0.1:7071" };
        var apiScope = new Option<string?>("--api-scope")
        {
            Description = "Entra ID scope of a deployed API, e.g. api://<client id>/.default: the request carries a token for it " +
                "(az login, azd auth login, or an identity in the environment).",
        };
        var connection = PipelineCommandOptions.Connection();
        connection.Description = "Read the table with this Azure Storage connection string instead of asking the API.";
        var account = PipelineCommandOptions.Account();
        var timeout = new Option<TimeSpan>("--timeout")
        {
            Description = "How long to wait for the API or storage (hh:mm:ss).",
            DefaultValueFactory = _ => TimeSpan.FromSeconds(30),
        };
        var command = new Command("status", "Show the classification of an uploaded video: status, progress and result.")
        {
            name, json, api, apiScope, connection, account, timeout,
        };
        command.SetAction((parse, cancellationToken) => CliFailure.Guard(async () =>
        {
            var blobName = parse.GetValue(name)!;
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(parse.GetValue(timeout));
            try
            {
                var view = parse.GetValue(connection) is null && parse.GetValue(account) is null
                    ? await FromApiAsync(parse.GetValue(api)!, parse.GetValue(apiScope), blobName, parse.GetValue(timeout), deadline.Token)
                    : await FromTableAsync(parse.GetValue(connection), parse.GetValue(account), blobName, parse.GetValue(timeout), deadline.Token);
                return ClassificationPrinter.Print(view, parse.GetValue(json));
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"no answer about '{blobName}' within {parse.GetValue(timeout).TotalSeconds:F0} s.");
            }
        }));
        return command;
    }

    private static async Task<ClassificationView> FromTableAsync(string? connection, string? account, string blobName, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var storage = PipelineCommandOptions.OpenStorage(connection, account, timeout);
        var row = await storage.Classifications.GetLatestAsync(storage.Videos.Name, blobName, cancellationToken)
            ?? throw new InvalidOperationException($"no classification of '{blobName}'.");
        return ClassificationQuery.ToView(row, null);
    }

    private static async Task<ClassificationView> FromApiAsync(string api, string? scope, string blobName, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var baseUrl = Uri.TryCreate(api, UriKind.Absolute, out var parsed) ? parsed : throw new UsageException($"--api is not an absolute URL: {api}");
        var url = new Uri(baseUrl, "api/classifications/" + string.Join('/', blobName.Split('/').Select(Uri.EscapeDataString)));
        using var http = new HttpClient { Timeout = timeout };
        if (!string.IsNullOrWhiteSpace(scope))
        {
            // Container Apps authentication in front of the deployed app wants a bearer token for its app registration.
            var token = await new DefaultAzureCredential().GetTokenAsync(new TokenRequestContext([scope]), cancellationToken);
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
        }
        HttpResponseMessage response;
        try
        {
            response = await http.GetAsync(url, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new UnreachableException($"no status API at {url.GetLeftPart(UriPartial.Authority)} ({e.Message}); start it with `exercise serve`.", e);
        }
        using (response)
        {
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                throw new InvalidOperationException($"no classification of '{blobName}'.");
            }
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                throw new UnreachableException($"the status API at {url.GetLeftPart(UriPartial.Authority)} wants an Entra ID token: pass --api-scope api://<client id>/.default.");
            }
            if (!response.IsSuccessStatusCode)
            {
                throw new UnreachableException($"the status API at {url.GetLeftPart(UriPartial.Authority)} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
            }
            return await response.Content.ReadFromJsonAsync<ClassificationView>(JsonOutput.Options, cancellationToken)
                ?? throw new InvalidDataException($"empty answer from {url}");
        }
    }
}
