using System.Text.Json;
using ExerciseFunctions.Pipeline.Storage;

namespace ExerciseFunctions.Cli.Benchmarks.Scale;

/// <summary>
/// One upload of a scale run, from the bench's clock (upload finished) and the row the pipeline wrote (its start,
/// end and per-activity timings; every clock is this machine's).
/// </summary>
internal sealed record ScaleSample(DateTimeOffset UploadedAt, ClassificationRow Row)
{
    private Dictionary<string, double> Timings { get; } = JsonSerializer.Deserialize<Dictionary<string, double>>(Row.TimingsJson ?? "{}")!;

    public double EndToEndSeconds => (Row.FinishedAt!.Value - UploadedAt).TotalSeconds;

    /// <summary>Time inside this video's activities, all added up (extraction, every flow chunk and window inference).</summary>
    public double ActivitySeconds => ActivityTimings.Sum(name => Timings.GetValueOrDefault(name)) / 1000;

    /// <summary>Upload to row, less the activities' time: waiting in queues, dispatch, replays, table and blob round trips.</summary>
    public double OverheadSeconds => EndToEndSeconds - ActivitySeconds;

    /// <summary>Upload to the start of its classification: the time to notice the upload (the local host's watcher).</summary>
    public double NoticeSeconds => (Row.StartedAt - UploadedAt).TotalSeconds;

    /// <summary>Upload to the first activity's start: noticing the upload, starting the orchestration, and the queues.</summary>
    public double QueueLatencySeconds => NoticeSeconds + Timings.GetValueOrDefault("queueMs") / 1000;

    private static readonly string[] ActivityTimings = ["extractMs", "flowMs", "rgbInferenceMs", "flowInferenceMs"];
}
