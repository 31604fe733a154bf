using ExerciseFunctions.Pipeline.Configuration;
using ExerciseFunctions.Pipeline.Starting;
using ExerciseFunctions.Pipeline.Storage;
using ExerciseFunctions.Runtime.Classification;
using ExerciseFunctions.Runtime.Models;
using ExerciseFunctions.Testing.Azurite;

namespace ExerciseFunctions.Pipeline.Tests.Storage;

/// <summary>The timeline column on real table storage (Azurite), whose properties hold at most 64 KiB.</summary>
public sealed class TimelineColumnTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_timeline_too_long_for_a_table_property_keeps_its_first_windows_and_counts_the_rest()
    {
        // 2,000 windows of 1 s (a 0.04 s stride over 80 s, say): about 290 characters each, far past 64 KiB.
        var windows = Enumerable.Range(0, 2000).Select(Window).ToList();
        var (json, omitted) = TimelineColumn.Write(windows);
        var row = new ClassificationRow
        {
            PartitionKey = TableKeys.ForVideo("videos", "long.mp4"),
            RowKey = "id-long",
            InstanceId = "id-long",
            BlobName = "long.mp4",
            Status = ClassificationStatus.Completed,
            WindowsJson = json,
            WindowsOmitted = omitted,
            StartedAt = DateTimeOffset.UnixEpoch,
        };
        var storage = new PipelineStorage(new PipelineOptions { StorageConnection = azurite.ConnectionString, ClassificationsTable = "timeline" });
        await storage.EnsureCreatedAsync();

        await storage.Classifications.UpsertAsync(row);

        var stored = ClassificationQuery.ToView((await storage.Classifications.GetAsync("videos", "long.mp4", "id-long"))!, state: null);
        var kept = stored.Windows!;
        Assert.InRange(kept.Count, 50, 1999);
        Assert.Equal(2000, kept.Count + stored.WindowsOmitted);
        Assert.Equal(Enumerable.Range(0, kept.Count).Select(i => (double)i), kept.Select(w => w.Start));
        Assert.Equal(0.1235, kept[7].Probabilities["bw-squat_not-low"]);
    }

    private static WindowVerdict Window(int index)
    {
        // Probabilities with many digits, as a softmax gives them: stored to 4 decimals.
        var probabilities = ExerciseClasses.Default.ToDictionary(label => label, _ => 0.123456789);
        return new WindowVerdict(index, index + 1, ExerciseClasses.Default[index % 6], 0.987654321, probabilities, Recognized: true);
    }
}
