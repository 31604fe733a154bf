using System.CommandLine;
using System.Net;
using System.Net.Http.Json;
using ExerciseFunctions.Cli.Commands.Pipeline;
using ExerciseFunctions.Pipeline.Starting;

namespace ExerciseFunctions.Cli.Commands;

/// <summary>`exercise status`: asks the status API for a video's classification (runtime status, progress, result).</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("blob-name") { Description = "Name of the video in the videos container." };
        var json = CommonOptions.Json();
        var api = new Option<string>("--api") { Description = "Base URL of the status API.", DefaultValueFactory = _ => "http://127.0.0.1:7071" };
        var command = new Command("status", "Show the classification of an uploaded video: status, progress and result.")
        {
            name, json, api,
        };
        command.SetAction((parse, cancellationToken) => CliFailure.Guard(async () =>
        {
            var blobName = parse.GetValue(name)!;
            var baseUrl = Uri.TryCreate(parse.GetValue(api), UriKind.Absolute, out var parsed)
                ? parsed
                : throw new ArgumentException($"--api is not an absolute URL: {parse.GetValue(api)}");
            var url = new Uri(baseUrl, "api/classifications/" + string.Join('/', blobName.Split('/').Select(Uri.EscapeDataString)));
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            HttpResponseMessage response;
            try
            {
                response = await http.GetAsync(url, cancellationToken);
            }
            catch (HttpRequestException e)
            {
                throw new InvalidOperationException($"no status API at {url.GetLeftPart(UriPartial.Authority)} ({e.Message}); start it with `exercise serve`.");
            }
            using (response)
            {
                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    throw new InvalidOperationException($"no classification of '{blobName}'.");
                }
                response.EnsureSuccessStatusCode();
                var view = await response.Content.ReadFromJsonAsync<ClassificationView>(JsonOutput.Options, cancellationToken)
                    ?? throw new InvalidDataException($"empty answer from {url}");
                return ClassificationPrinter.Print(view, parse.GetValue(json));
            }
        }));
        return command;
    }
}
