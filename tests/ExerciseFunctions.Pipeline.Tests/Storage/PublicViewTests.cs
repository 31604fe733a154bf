using Microsoft.Extensions.Logging.Abstractions;
using ExerciseFunctions.Pipeline.Configuration;
using ExerciseFunctions.Pipeline.Starting;
using ExerciseFunctions.Pipeline.Storage;
using ExerciseFunctions.Testing.Azurite;
using Microsoft.DurableTask.Testing;

namespace ExerciseFunctions.Pipeline.Tests.Storage;

/// <summary>
/// What the Functions status API shows: a bad-input reason as written, any other failure as "internal error &lt;id&gt;";
/// and a classification found by its instance id, on real table storage (Azurite).
/// </summary>
public sealed class PublicViewTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string StorageError = "Service request failed. Status: 503 /home/site/work/abc.tensor";

    [Theory]
    [InlineData(true, "'x.mp4' is too short: 0.2 s.", "'x.mp4' is too short: 0.2 s.")]
    [InlineData(false, StorageError, "internal error id-1")]
    public void A_failure_reads_as_its_bad_input_reason_or_as_an_internal_error_with_the_id(bool badInput, string error, string shown)
    {
        var view = ClassificationQuery.ToView(Row("id-1", "clip.mp4", error), null);
        var state = new InstanceState("Failed", null, error) { FailedOnBadInput = badInput };

        Assert.Equal(shown, ClassificationQuery.ToPublicView(view, state).Error);
        Assert.Equal("internal error id-1", ClassificationQuery.ToPublicView(view, null).Error);
    }

    [Fact]
    public void A_success_reads_unchanged()
    {
        var view = ClassificationQuery.ToView(Row("id-2", "clip.mp4", null), null);

        Assert.Same(view, ClassificationQuery.ToPublicView(view, new InstanceState("Completed", null, null)));
    }

    [Fact]
    public async Task A_classification_is_found_by_its_instance_id_among_other_videos()
    {
        var options = new PipelineOptions { StorageConnection = azurite.ConnectionString, ClassificationsTable = "byid" };
        var storage = new PipelineStorage(options);
        await storage.EnsureCreatedAsync();
        await storage.Classifications.UpsertAsync(Row("id-a", "a.mp4", null));
        await storage.Classifications.UpsertAsync(Row("id-b", "b.mp4", StorageError));

        // A durable client that knows none of these instances, as after a purge: rows only.
        await using var host = await DurableTaskTestHost.StartAsync(_ => { });
        var query = new ClassificationQuery(new DurableTaskClientGateway(host.Client), storage, options, TimeProvider.System, NullLogger<ClassificationQuery>.Instance);
        var found = await query.FindPublicByInstanceIdAsync("id-b");

        Assert.Equal("b.mp4", found!.BlobName);
        Assert.Equal("internal error id-b", found.Error);
        Assert.Null(await query.FindPublicByInstanceIdAsync("id-unknown"));
    }

    private static ClassificationRow Row(string instanceId, string blobName, string? error) => new()
    {
        PartitionKey = TableKeys.ForVideo("videos", blobName),
        RowKey = instanceId,
        InstanceId = instanceId,
        Container = "videos",
        BlobName = blobName,
        Status = error is null ? ClassificationStatus.Completed : ClassificationStatus.Failed,
        Error = error,
        StartedAt = DateTimeOffset.UnixEpoch,
    };
}
