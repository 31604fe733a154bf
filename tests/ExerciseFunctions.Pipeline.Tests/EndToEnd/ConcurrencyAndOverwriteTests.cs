using System.Text;
using ExerciseFunctions.LocalHost;
using ExerciseFunctions.Pipeline.Storage;
using ExerciseFunctions.Pipeline.Tests.Fixtures;
using ExerciseFunctions.Testing;
using Xunit.Abstractions;

namespace ExerciseFunctions.Pipeline.Tests.EndToEnd;

/// <summary>Many uploads at once, some of them bad, and an upload replaced while its classification was queued.</summary>
[Collection(PipelineCollection.Name)]
public sealed class ConcurrencyAndOverwriteTests(PipelineHostFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Twenty_uploads_at_once_five_of_them_bad_each_end_in_exactly_one_terminal_row()
    {
        var good = Enumerable.Range(0, 15).Select(i => ($"batch/good-{i:D2}.mp4", TestClips.Mp4(seconds: 0.8, seed: 100 + i))).ToList();
        var bad = new (string Name, byte[] Content)[]
        {
            ("batch/corrupt.mp4", Encoding.UTF8.GetBytes(new string('x', 5000))),
            ("batch/empty.mp4", []),
            ("batch/short.mp4", TestClips.Mp4(seconds: 0.2, seed: 200)),
            ("batch/sliver.mp4", TestClips.Mp4(seconds: 1, seed: 201, width: 1024, height: 8)),
            ("batch/truncated.mp4", TestClips.Mp4(seconds: 1, seed: 202)[..^1500]),
        };
        var uploads = good.Concat(bad).ToList();
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var instanceIds = await Task.WhenAll(uploads.Select(u => fixture.UploadAsync(u.Item1, u.Item2)));
        var deadline = WorkDeadline.ForClassifications(uploads.Count, videoSeconds: 1);
        var rows = await Task.WhenAll(uploads.Select((u, i) =>
            PipelineHostFixture.WaitForFinishedRowAsync(fixture.Host, u.Item1, instanceIds[i], deadline)));

        output.WriteLine($"20 uploads (5 bad): all terminal after {clock.Elapsed.TotalSeconds:F1} s");
        Assert.All(rows.Take(good.Count), row => Assert.Equal(ClassificationStatus.Completed, row.Status));
        Assert.All(rows.Skip(good.Count), row => Assert.Equal(ClassificationStatus.Failed, row.Status));
        foreach (var (name, _) in uploads)
        {
            var partition = TableKeys.ForVideo(fixture.Videos.Name, name);
            var count = 0;
            await foreach (var _ in fixture.Host.Storage.Classifications.QueryPartitionAsync(partition))
            {
                count++;
            }
            Assert.Equal(1, count);
        }
    }

    [Fact]
    public async Task An_upload_replaced_before_its_run_downloads_it_ends_as_replaced_and_the_new_upload_is_classified()
    {
        var configuration = PipelineHostFixture.SeparateConfiguration(fixture.ConnectionString, "Overwrite");
        await using var host = await LocalPipelineHost.StartAsync(
            new LocalHostSettings { Configuration = configuration, WorkerOnly = true, WorkerId = "overwrite" });
        const string name = "retake.mp4";
        var blob = host.Storage.Videos.GetBlobClient(name);
        var first = (await blob.UploadAsync(BinaryData.FromBytes(TestClips.Mp4(1, seed: 300)), overwrite: true)).Value;
        var second = (await blob.UploadAsync(BinaryData.FromBytes(TestClips.Mp4(1.2, seed: 301)), overwrite: true)).Value;

        var (firstId, _) = await host.Starter.StartAsync(host.Storage.Videos.Name, name, first.ETag.ToString(), sizeBytes: 1000);
        var (secondId, _) = await host.Starter.StartAsync(host.Storage.Videos.Name, name, second.ETag.ToString(), sizeBytes: 1000);
        var deadline = WorkDeadline.ForClassifications(2, videoSeconds: 1.2);
        var replaced = await PipelineHostFixture.WaitForFinishedRowAsync(host, name, firstId, deadline);
        var newer = await PipelineHostFixture.WaitForFinishedRowAsync(host, name, secondId, deadline);

        Assert.Equal(ClassificationStatus.Failed, replaced.Status);
        Assert.Contains("replaced by a newer upload", replaced.Error);
        Assert.Equal(ClassificationStatus.Completed, newer.Status);
        Assert.Equal(30, newer.FrameCount);
    }
}
