using Azure.Storage.Blobs;
using ExerciseFunctions.LocalHost.Watching;
using ExerciseFunctions.Pipeline.Tests.Fixtures;
using Microsoft.Extensions.Logging.Abstractions;

namespace ExerciseFunctions.Pipeline.Tests.Watching;

/// <summary>
/// The watcher's listing on a real container of Azurite. The upload handler records what it is handed and, for the
/// isolation test, throws for one blob: a fault injected in test code, in place of the starter.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class VideoWatcherTests(PipelineHostFixture fixture) : IAsyncLifetime
{
    private readonly BlobContainerClient container = new BlobServiceClient(fixture.ConnectionString).GetBlobContainerClient($"watcher-{Guid.NewGuid():N}");
    private readonly List<string> handled = [];

    public Task InitializeAsync() => container.CreateAsync();

    public Task DisposeAsync() => container.DeleteAsync();

    [Fact]
    public async Task A_blob_whose_start_throws_does_not_hold_up_the_blobs_after_it_and_is_retried_a_few_times()
    {
        await UploadAsync("a-broken.mp4", "b.mp4", "c.mp4");
        var watcher = Watcher(failing: "a-broken.mp4");

        await watcher.ScanPageAsync(CancellationToken.None);

        Assert.Equal(["a-broken.mp4", "b.mp4", "c.mp4"], handled);
        for (var pass = 1; pass < VideoWatcher.MaxAttempts + 2; pass++)
        {
            await watcher.ScanPageAsync(CancellationToken.None);
        }
        Assert.Equal(VideoWatcher.MaxAttempts, handled.Count(name => name == "a-broken.mp4"));
        Assert.Equal(1, handled.Count(name => name == "b.mp4"));
    }

    [Fact]
    public async Task Lists_one_page_per_scan_and_carries_on_from_its_marker()
    {
        await UploadAsync("1.mp4", "2.mp4", "3.mp4", "4.mp4", "5.mp4");
        var watcher = Watcher(pageSize: 2);

        Assert.True(await watcher.ScanPageAsync(CancellationToken.None));
        Assert.Equal(["1.mp4", "2.mp4"], handled);
        await watcher.ScanPageAsync(CancellationToken.None);
        await watcher.ScanPageAsync(CancellationToken.None);
        Assert.Equal(["1.mp4", "2.mp4", "3.mp4", "4.mp4", "5.mp4"], handled);
    }

    [Fact]
    public async Task Forgets_uploads_a_pass_after_they_were_handled_without_starting_them_again()
    {
        await UploadAsync("x.mp4", "y.mp4", "z.mp4");
        var watcher = Watcher();
        await watcher.ScanPageAsync(CancellationToken.None);
        Assert.Equal(3, watcher.RememberedUploads);

        // Past the clock margin, a full pass began after every upload: they are below the watermark.
        await Task.Delay(ClockMargin + TimeSpan.FromSeconds(1.2));
        await watcher.ScanPageAsync(CancellationToken.None);
        await watcher.ScanPageAsync(CancellationToken.None);

        Assert.Equal(0, watcher.RememberedUploads);
        Assert.Equal(["x.mp4", "y.mp4", "z.mp4"], handled);
        await UploadAsync("y.mp4");
        await watcher.ScanPageAsync(CancellationToken.None);
        Assert.Equal(["x.mp4", "y.mp4", "z.mp4", "y.mp4"], handled);
    }

    private static readonly TimeSpan ClockMargin = TimeSpan.FromSeconds(1.5);

    private VideoWatcher Watcher(string? failing = null, int pageSize = 100) => new(container, (blob, _) =>
    {
        handled.Add(blob.Name);
        return blob.Name == failing ? throw new InvalidOperationException($"injected failure for {blob.Name}") : Task.CompletedTask;
    }, NullLogger.Instance, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(10), ClockMargin, pageSize);

    private async Task UploadAsync(params string[] names)
    {
        foreach (var name in names)
        {
            await container.GetBlobClient(name).UploadAsync(BinaryData.FromString(Guid.NewGuid().ToString()), overwrite: true);
        }
    }
}
