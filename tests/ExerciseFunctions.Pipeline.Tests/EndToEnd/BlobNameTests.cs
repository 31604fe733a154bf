using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using ExerciseFunctions.Pipeline.Storage;
using ExerciseFunctions.Pipeline.Tests.Fixtures;

namespace ExerciseFunctions.Pipeline.Tests.EndToEnd;

/// <summary>Backslashes are not here: .NET's Uri turns them into slashes before they reach storage (TableKeysTests covers them).</summary>
[Collection(PipelineCollection.Name)]
public sealed partial class BlobNameTests(PipelineHostFixture fixture)
{
    private static readonly string[] Names =
    [
        "with spaces in it.mp4",
        "übung-深蹲-😀.mp4",
        "hash#tag.mp4",
        "question?.mp4",
        "percent%41%2F.mp4",
        "folder/inside/clip.mp4",
        new string('x', 230) + ".mp4",
    ];

    [Fact]
    public async Task Awkward_blob_names_get_valid_distinct_keys_and_answer_over_http()
    {
        var clip = TestClips.Mp4(0.8, seed: 7);
        var instanceIds = await Task.WhenAll(Names.Select(name => fixture.UploadAsync(name, clip)));

        var rows = await Task.WhenAll(Names.Select((name, i) => fixture.WaitForFinishedRowAsync(name, instanceIds[i])));

        Assert.All(rows, row => Assert.Equal(ClassificationStatus.Completed, row.Status));
        Assert.Equal(Names, rows.Select(r => r.BlobName));
        Assert.Equal(Names.Length, rows.Select(r => r.PartitionKey).Distinct().Count());
        Assert.All(rows, row => Assert.Matches(ValidKey(), row.PartitionKey));
        foreach (var name in Names)
        {
            using var response = await fixture.Http.GetAsync(fixture.StatusUrl(name));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal(name, body.RootElement.GetProperty("blobName").GetString());
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,512}$")]
    private static partial Regex ValidKey();
}
