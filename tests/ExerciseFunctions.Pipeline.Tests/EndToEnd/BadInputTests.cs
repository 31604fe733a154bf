using System.Text;
using ExerciseFunctions.Pipeline.Activities;
using ExerciseFunctions.Pipeline.Orchestration;
using ExerciseFunctions.Pipeline.Storage;
using ExerciseFunctions.Pipeline.Tests.Fixtures;

namespace ExerciseFunctions.Pipeline.Tests.EndToEnd;

/// <summary>Every bad upload ends in a Failed row that says why, after one attempt: bad input is never retried.</summary>
[Collection(PipelineCollection.Name)]
public sealed class BadInputTests(PipelineHostFixture fixture)
{
    public static TheoryData<string, string> Cases => new()
    {
        { "corrupt.mp4", "not a readable video" },
        { "empty.mp4", "empty" },
        { "notes.mp4", "not a readable video" },
        { "blink.mp4", "too short" },
        { "marathon.mp4", "too long" },
        { "truncated.mp4", "not a readable video" },
        { "sliver.mp4", "limit MaxAspectRatio" },
        { "billboard.mp4", "limit MaxSide" },
        { "thousand-fps.mp4", "limit MaxFrameRate" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_uploads_end_in_a_failed_row_with_the_reason_after_one_attempt(string name, string reason)
    {
        var instanceId = await fixture.UploadAsync(name, Content(name));

        var row = await fixture.WaitForFinishedRowAsync(name, instanceId);

        Assert.Equal(ClassificationStatus.Failed, row.Status);
        Assert.Contains(reason, row.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(name, row.Error);
        Assert.Null(row.Label);
        // The row is written after the retries the policy allowed: every attempt has started by then.
        var attempts = fixture.Logs.Records.Count(r =>
            r.Category == typeof(LoggedActivity).FullName && r.Message == $"Activity {ActivityNames.ExtractFrames} of {instanceId} started");
        Assert.Equal(1, attempts);
    }

    private static byte[] Content(string name) => name switch
    {
        "corrupt.mp4" => SeededBytes(64 * 1024),
        "empty.mp4" => [],
        "notes.mp4" => Encoding.UTF8.GetBytes("Three sets of ten push-ups, then squats.\n"),
        "blink.mp4" => TestClips.Mp4(seconds: 0.2, seed: 5),
        "marathon.mp4" => TestClips.Mp4(seconds: 4, seed: 6, width: 48, height: 32),
        "truncated.mp4" => TestClips.Mp4(seconds: 1, seed: 8)[..^2000],
        "sliver.mp4" => TestClips.Mp4(seconds: 1, seed: 9, width: 4096, height: 8),
        "billboard.mp4" => TestClips.Mp4(seconds: 0.08, seed: 10, width: 4200, height: 4200),
        "thousand-fps.mp4" => TestClips.Mp4(seconds: 0.6, seed: 11, fps: 1000),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static byte[] SeededBytes(int length)
    {
        var bytes = new byte[length];
        new Random(42).NextBytes(bytes);
        return bytes;
    }
}
