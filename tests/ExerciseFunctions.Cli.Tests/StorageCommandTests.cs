using Azure.Storage.Blobs;
using ExerciseFunctions.Pipeline.Configuration;
using ExerciseFunctions.Pipeline.Storage;
using ExerciseFunctions.Testing.Azurite;

namespace ExerciseFunctions.Cli.Tests;

/// <summary>
/// submit and status against real storage (Azurite) through --connection, without a pipeline running: the upload
/// lands and the wait ends at --timeout with exit 4; status reads a row straight from the table.
/// </summary>
public sealed class StorageCommandTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Submit_uploads_the_video_and_without_a_pipeline_times_out_with_4()
    {
        var name = $"upload-{Guid.NewGuid():N}.mp4";
        var video = Path.Combine(Path.GetTempPath(), name);
        await File.WriteAllTextAsync(video, "bytes the pipeline would judge");
        try
        {
            var outcome = await CliProcess.RunAsync("submit", video, "--connection", azurite.ConnectionString, "--timeout", "00:00:03");

            Assert.True(outcome.ExitCode == 4, outcome.Stderr);
            Assert.Contains("no result for " + name, Assert.Single(outcome.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
            var blob = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient("videos").GetBlobClient(name);
            Assert.True((await blob.ExistsAsync()).Value);
        }
        finally
        {
            File.Delete(video);
        }
    }

    [Theory]
    [InlineData(ClassificationStatus.Completed, 0)]
    [InlineData(ClassificationStatus.Failed, 2)]
    public async Task Status_reads_the_row_from_the_table(string status, int exitCode)
    {
        var name = $"row-{Guid.NewGuid():N}.mp4";
        var storage = new PipelineStorage(new PipelineOptions { StorageConnection = azurite.ConnectionString });
        await storage.EnsureCreatedAsync();
        await storage.Classifications.UpsertAsync(new ClassificationRow
        {
            PartitionKey = TableKeys.ForVideo("videos", name),
            RowKey = "instance-" + name,
            InstanceId = "instance-" + name,
            Container = "videos",
            BlobName = name,
            Status = status,
            Label = status == ClassificationStatus.Completed ? "bw-squat_correct" : null,
            Error = status == ClassificationStatus.Failed ? "'x' is too short: 0.2 s." : null,
            StartedAt = DateTimeOffset.UnixEpoch,
        });

        var outcome = await CliProcess.RunAsync("status", name, "--connection", azurite.ConnectionString, "--json");

        Assert.True(outcome.ExitCode == exitCode, outcome.Stderr);
        Assert.Contains($"\"status\":\"{status}\"", outcome.Stdout.Replace(" ", ""));
        Assert.Contains("instance-" + name, outcome.Stdout);
    }

    [Fact]
    public async Task Status_of_a_video_never_uploaded_is_bad_input()
    {
        await new PipelineStorage(new PipelineOptions { StorageConnection = azurite.ConnectionString }).EnsureCreatedAsync();

        var outcome = await CliProcess.RunAsync("status", "never-uploaded.mp4", "--connection", azurite.ConnectionString);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal("error: no classification of 'never-uploaded.mp4'.", outcome.Stderr.Trim());
    }
}
