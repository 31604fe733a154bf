using ExerciseFunctions.Pipeline.Configuration;
using ExerciseFunctions.Pipeline.Orchestration;
using ExerciseFunctions.Pipeline.Starting;
using ExerciseFunctions.Pipeline.Storage;
using ExerciseFunctions.Pipeline.Tests.Fixtures;

namespace ExerciseFunctions.Pipeline.Tests.EndToEnd;

/// <summary>A row left Running by an orchestration that can no longer write it is made Failed, by the query and by the sweep.</summary>
[Collection(PipelineCollection.Name)]
public sealed class RowReconciliationTests(PipelineHostFixture fixture)
{
    [Fact]
    public async Task A_running_row_whose_orchestration_never_started_reads_failed_and_is_stored_failed()
    {
        var row = await AddRunningRowAsync("orphan.mp4", startedAgo: TimeSpan.FromMinutes(5));

        var view = await fixture.Host.Query.FindAsync("orphan.mp4");

        Assert.Equal(ClassificationStatus.Failed, view!.Status);
        var stored = await fixture.Host.Storage.Classifications.GetAsync(row.Container, row.BlobName, row.InstanceId);
        Assert.Equal(ClassificationStatus.Failed, stored!.Status);
        Assert.Contains("never scheduled", stored.Error);
    }

    [Fact]
    public async Task A_row_just_written_by_the_starter_stays_running_while_its_orchestration_may_still_be_scheduled()
    {
        await AddRunningRowAsync("just-started.mp4", startedAgo: TimeSpan.FromSeconds(10));

        var view = await fixture.Host.Query.FindAsync("just-started.mp4");

        Assert.Equal(ClassificationStatus.Running, view!.Status);
    }

    [Fact]
    public async Task The_sweep_ends_every_orphaned_running_row()
    {
        var orphans = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => AddRunningRowAsync($"sweep/orphan-{i}.mp4", TimeSpan.FromMinutes(10))));
        var reconciler = new RunningRowReconciler(fixture.Host.Worker.Gateway, fixture.Host.Storage.Classifications, fixture.Host.Options,
            TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

        await reconciler.SweepAsync();

        foreach (var orphan in orphans)
        {
            var stored = await fixture.Host.Storage.Classifications.GetAsync(orphan.Container, orphan.BlobName, orphan.InstanceId);
            Assert.Equal(ClassificationStatus.Failed, stored!.Status);
        }
    }

    /// <summary>A Running row as the starter writes it, for an orchestration that does not exist.</summary>
    private async Task<ClassificationRow> AddRunningRowAsync(string name, TimeSpan startedAgo)
    {
        var request = new ClassifyVideoRequest(fixture.Videos.Name, name, "0x0", DateTimeOffset.UtcNow - startedAgo,
            new ClassificationPlan(8, 16, 16, TimeSpan.FromMinutes(30)));
        var row = ClassificationRows.Running(request, ClassificationStarter.InstanceIdFor(fixture.Videos.Name, name, $"orphan-{Guid.NewGuid()}"));
        await fixture.Host.Storage.Classifications.AddRunningAsync(row);
        return row;
    }
}
