using System.Diagnostics;
using System.Threading.Channels;
using ExerciseFunctions.Runtime.Classification;
using ExerciseFunctions.Runtime.Flow;
using ExerciseFunctions.Runtime.Inference;
using ExerciseFunctions.Runtime.Models;
using ExerciseFunctions.Runtime.Video;

namespace ExerciseFunctions.Runtime.Classification;

/// <summary>One stream's logits and pooled 1024-d features, averaged over a video's windows.</summary>
public sealed record StreamScores(float[] Logits, float[] Features);

public sealed record VideoScores(StreamScores Rgb, StreamScores Flow);

/// <summary>How videos are turned into network inputs; part of the feature cache key.</summary>
public sealed record ScoringOptions(VideoReadOptions Video, InferenceOptions Inference, FlowAlgorithm Flow)
{
    public static ScoringOptions Default { get; } = new(new VideoReadOptions(), new InferenceOptions(), FlowAlgorithm.Farneback);

    public string Key => $"fps={Video.TargetFps};window={Inference.WindowFrames};stride={Inference.WindowStride};flow={Flow}";
}

/// <summary>
/// Scores many videos with both I3D streams, exactly as <see cref="VideoClassifier"/> does (same windows, same
/// flow, logits and features averaged over windows). Decoding and optical flow of the next video run on a
/// background task while the current one is in the network, so both cores stay busy.
/// </summary>
public sealed class VideoScorer : IDisposable
{
    private readonly ScoringOptions options;
    private readonly OpticalFlowComputer flow;
    private readonly I3dSession rgbSession;
    private readonly I3dSession flowSession;

    public VideoScorer(ModelDirectory model, ScoringOptions options)
    {
        this.options = options;
        flow = new OpticalFlowComputer(options.Flow);
        rgbSession = I3dSession.Open(model.RgbModelPath, options.Inference);
        flowSession = I3dSession.Open(model.FlowModelPath, options.Inference);
    }

    /// <summary>Scores of each path, in order. A video that cannot be read fails with its name in the message.</summary>
    public IEnumerable<VideoScores> ScoreAll(IReadOnlyList<string> paths)
    {
        using var stop = new CancellationTokenSource();
        var prepared = Channel.CreateBounded<PreparedVideo>(1);
        var producer = Task.Run(() => Produce(paths, prepared.Writer, stop.Token));
        try
        {
            foreach (var video in prepared.Reader.ReadAllAsync().ToBlockingEnumerable())
            {
                yield return Infer(video);
            }
        }
        finally
        {
            stop.Cancel();
            producer.Wait(TimeSpan.FromSeconds(30));
        }
    }

    public void Dispose()
    {
        rgbSession.Dispose();
        flowSession.Dispose();
    }

    /// <summary>A decoded video with its windows and their flow inputs, ready for the network.</summary>
    public sealed record PreparedVideo(IReadOnlyList<byte[]> Frames, ClipStatistics Statistics, IReadOnlyList<ClipWindow> Windows, IReadOnlyList<float[]> FlowClips);

    private async Task Produce(IReadOnlyList<string> paths, ChannelWriter<PreparedVideo> writer, CancellationToken stop)
    {
        try
        {
            foreach (var path in paths)
            {
                await writer.WriteAsync(Prepare(path), stop);
            }
            writer.Complete();
        }
        catch (Exception e)
        {
            writer.Complete(e);
        }
    }

    /// <summary>Decodes, samples and preprocesses a video and computes its flow; records "decode" and "flow" in <paramref name="timingsMs"/>.</summary>
    public PreparedVideo Prepare(string path, IDictionary<string, double>? timingsMs = null)
    {
        var (frames, statistics) = Timed(timingsMs, "decode", () => Read(path));
        var windows = ClipWindows.Plan(frames.Count, options.Inference.WindowFrames, options.Inference.WindowStride);
        // Flow of the whole video once: overlapping windows share it; entry 0 is zero, as for a window starting the video.
        var flowClips = Timed(timingsMs, "flow", () =>
        {
            var videoFlow = flow.Compute(frames, previousFrame: null);
            return windows.Select(w => Gather(videoFlow, w)).ToArray();
        });
        return new PreparedVideo(frames, statistics, windows, flowClips);
    }

    /// <summary>Both streams over every window; records "rgbInference" and "flowInference" in <paramref name="timingsMs"/>.</summary>
    public VideoScores Infer(PreparedVideo video, IDictionary<string, double>? timingsMs = null)
    {
        var rgb = Timed(timingsMs, "rgbInference", () => video.Windows
            .Select(w => rgbSession.Run(FramePreprocessor.ToModelInput(w.FrameIndices.Select(i => video.Frames[i]).ToList()), w.FrameIndices.Count))
            .ToList());
        var flowOutputs = Timed(timingsMs, "flowInference", () => video.Windows
            .Select((w, i) => flowSession.Run(video.FlowClips[i], w.FrameIndices.Count))
            .ToList());
        return new VideoScores(Average(rgb), Average(flowOutputs));
    }

    private (IReadOnlyList<byte[]> Frames, ClipStatistics Statistics) Read(string path)
    {
        try
        {
            using var reader = VideoClipReader.Open(path, options.Video);
            var frames = reader.ReadFrames().ToList();
            return (frames, reader.Statistics);
        }
        catch (InvalidVideoException e)
        {
            throw new InvalidVideoException($"{Path.GetFileName(path)}: {e.Message}", e);
        }
    }

    private static T Timed<T>(IDictionary<string, double>? timingsMs, string stage, Func<T> work)
    {
        var clock = Stopwatch.StartNew();
        var result = work();
        if (timingsMs is not null)
        {
            timingsMs[stage] = Math.Round(clock.Elapsed.TotalMilliseconds, 1);
        }
        return result;
    }

    private static StreamScores Average(IReadOnlyList<StreamOutput> windows) =>
        new(LogitFusion.Average(windows.Select(w => w.Logits).ToList()), LogitFusion.Average(windows.Select(w => w.Features).ToList()));

    private static float[] Gather(IReadOnlyList<float[]> perFrame, ClipWindow window)
    {
        var length = perFrame[0].Length;
        var clip = new float[window.FrameIndices.Count * length];
        for (var i = 0; i < window.FrameIndices.Count; i++)
        {
            perFrame[window.FrameIndices[i]].CopyTo(clip, i * length);
        }
        return clip;
    }
}
