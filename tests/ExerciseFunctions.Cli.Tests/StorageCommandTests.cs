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
        await AddRowAsync(name, status);

        var outcome = await CliProcess.RunAsync("status", name, "--connection", azurite.ConnectionString, "--json");

        Assert.True(outcome.ExitCode == exitCode, outcome.Stderr);
        Assert.Contains($"\"status\":\"{status}\"", outcome.Stdout.Replace(" ", ""));
        Assert.Contains("i-" + name, outcome.Stdout);
    }

    [Fact]
    public async Task Status_prints_a_completed_row_as_a_table_with_its_label_probabilities_and_video()
    {
        // Short enough that no line wraps at the console's 80 columns.
        var name = $"{Guid.NewGuid():N}"[..8] + ".mp4";
        await AddRowAsync(name, ClassificationStatus.Completed);

        var outcome = await CliProcess.RunAsync("status", name, "--connection", azurite.ConnectionString);

        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
        var lines = outcome.Stdout.Split('\n').Select(l => l.TrimEnd()).ToList();
        Assert.StartsWith($"{name}: Completed — bw-squat_correct (", lines[0]);
        Assert.Contains(lines, l => l.Contains("bw-squat_correct") && l.Contains("87.50"));
        Assert.Contains(lines, l => l.Contains("pushup_correct") && l.Contains("12.50"));
        Assert.Contains($"50 frames at 25 fps, 2.00 s; model 0123456789ab; instance i-{name}", lines);
    }

    /// <summary>A row as the pipeline writes it, built by hand: what status prints comes from here.</summary>
    private async Task AddRowAsync(string name, string status)
    {
        var storage = new PipelineStorage(new PipelineOptions { StorageConnection = azurite.ConnectionString });
        await storage.EnsureCreatedAsync();
        var completed = status == ClassificationStatus.Completed;
        await storage.Classifications.UpsertAsync(new ClassificationRow
        {
            PartitionKey = TableKeys.ForVideo("videos", name),
            RowKey = "i-" + name,
            InstanceId = "i-" + name,
            Container = "videos",
            BlobName = name,
            Status = status,
            Label = completed ? "bw-squat_correct" : null,
            Confidence = completed ? 0.875 : null,
            ProbabilitiesJson = completed ? """{"bw-squat_correct":0.875,"pushup_correct":0.125}""" : null,
            FrameCount = completed ? 50 : null,
            Fps = completed ? 25 : null,
            DurationSeconds = completed ? 2 : null,
            ModelVersion = completed ? "0123456789ab" : null,
            Error = completed ? null : "'x' is too short: 0.2 s.",
            StartedAt = DateTimeOffset.UnixEpoch,
        });
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
