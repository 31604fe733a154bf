using System.Text.Json;
using Azure.Storage.Blobs.Models;
using ExerciseFunctions.Runtime.Models;
using ExerciseFunctions.Pipeline.Storage;
using ExerciseFunctions.Pipeline.Tests.Fixtures;
using ExerciseFunctions.Testing;

namespace ExerciseFunctions.Pipeline.Tests.EndToEnd;

[Collection(PipelineCollection.Name)]
public sealed class ClassificationTests(PipelineHostFixture fixture)
{
    [Fact]
    public async Task Upload_ends_in_a_completed_row_whose_columns_agree()
    {
        const string name = "squats/first try.mp4";
        var content = TestClips.Mp4(seconds: 1.2, seed: 1);
        var instanceId = await fixture.UploadAsync(name, content);

        var row = await fixture.WaitForFinishedRowAsync(name, instanceId);

        Assert.Equal(ClassificationStatus.Completed, row.Status);
        Assert.Null(row.Error);
        Assert.Equal((name, instanceId, instanceId), (row.BlobName, row.InstanceId, row.RowKey));
        var probabilities = JsonSerializer.Deserialize<Dictionary<string, double>>(row.ProbabilitiesJson!)!;
        Assert.Equal(ExerciseClasses.Default, probabilities.Keys);
        Assert.Equal(1.0, probabilities.Values.Sum(), 9);
        var best = probabilities.MaxBy(p => p.Value);
        Assert.Equal(best.Key, row.Label);
        Assert.Equal(best.Value, row.Confidence!.Value, 12);
        var rgb = JsonSerializer.Deserialize<float[]>(row.RgbLogitsJson!)!;
        var flow = JsonSerializer.Deserialize<float[]>(row.FlowLogitsJson!)!;
        // The paper's fusion, written out here rather than through the code the pipeline calls: softmax of RGB + flow,
        // divided by the temperature in the model's calibration.json (the shipped default has one).
        var temperature = JsonDocument.Parse(File.ReadAllText(Path.Combine(DefaultModel.Ensure().Path, "calibration.json"))).RootElement.GetProperty("temperature").GetDouble();
        var sums = rgb.Select((logit, k) => ((double)logit + flow[k]) / temperature).ToArray();
        var exponentials = sums.Select(sum => Math.Exp(sum - sums.Max())).ToArray();
        Assert.Equal(exponentials.Select(e => e / exponentials.Sum()), probabilities.Values, (a, b) => Math.Abs(a - b) < 1e-6);
        Assert.Equal(30, row.FrameCount);
        Assert.Equal(25, row.Fps);
        Assert.InRange(row.DurationSeconds!.Value, 1.1, 1.3);
        Assert.Equal(content.Length, row.SourceBytes);
        Assert.False(string.IsNullOrEmpty(row.ModelVersion));
        Assert.True(row.FinishedAt >= row.StartedAt);
        var timings = JsonSerializer.Deserialize<Dictionary<string, double>>(row.TimingsJson!)!;
        Assert.All(new[] { "decodeMs", "extractMs", "flowMs", "rgbInferenceMs", "flowInferenceMs", "orchestrationMs" }, key => Assert.True(timings[key] > 0, key));
        await AssertWorkBlobsDeletedAsync(instanceId);
    }

    [Fact]
    public async Task The_same_upload_started_twice_runs_one_orchestration()
    {
        const string name = "twice.mp4";
        var upload = await fixture.Videos.GetBlobClient(name).UploadAsync(BinaryData.FromBytes(TestClips.Mp4(0.8, seed: 2)), overwrite: true);
        var etag = upload.Value.ETag.ToString();

        // The watcher fires for this upload too; whichever start comes later finds the orchestration there.
        var first = await fixture.Host.Starter.StartAsync(fixture.Videos.Name, name, etag, sizeBytes: 1000);
        var second = await fixture.Host.Starter.StartAsync(fixture.Videos.Name, name, etag, sizeBytes: 1000);
        var row = await fixture.WaitForFinishedRowAsync(name, first.InstanceId);

        Assert.Equal(first.InstanceId, second.InstanceId);
        Assert.False(second.Started);
        Assert.Equal(ClassificationStatus.Completed, row.Status);
        Assert.Single(TableRows.OfVideo(fixture.ConnectionString, fixture.Videos.Name, name));
    }

    [Fact]
    public async Task A_reupload_with_new_content_is_classified_again()
    {
        const string name = "again.mp4";
        var first = await fixture.UploadAsync(name, TestClips.Mp4(0.8, seed: 3));
        await fixture.WaitForFinishedRowAsync(name, first);
        var second = await fixture.UploadAsync(name, TestClips.Mp4(1.0, seed: 4));
        var row = await fixture.WaitForFinishedRowAsync(name, second);

        Assert.NotEqual(first, second);
        Assert.Equal(ClassificationStatus.Completed, row.Status);
        Assert.Equal(25, row.FrameCount);
        var rows = TableRows.OfVideo(fixture.ConnectionString, fixture.Videos.Name, name);
        Assert.Equal(new[] { first, second }.Order(), rows.Select(r => r.InstanceId).Order());
        Assert.Equal(second, (await fixture.Host.Storage.Classifications.GetLatestAsync(fixture.Videos.Name, name))!.InstanceId);
    }

    private Task AssertWorkBlobsDeletedAsync(string instanceId) =>
        WorkDeadline.UntilAsync(PipelineHostFixture.OneUpload, async () => !await AnyWorkBlobAsync(instanceId), "work blobs were not deleted");

    private async Task<bool> AnyWorkBlobAsync(string instanceId)
    {
        await foreach (var _ in fixture.Host.Storage.Work.GetBlobsAsync(BlobTraits.None, BlobStates.None, instanceId + "/", CancellationToken.None))
        {
            return true;
        }
        return false;
    }
}
