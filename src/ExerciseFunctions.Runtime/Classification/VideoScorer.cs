using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using ExerciseFunctions.Runtime.Flow;
using ExerciseFunctions.Runtime.Video;

namespace ExerciseFunctions.Runtime.Classification;

/// <summary>
/// Both streams' scores of each window of one video, how it was read (<see cref="Fps"/>: the rate of its sampled
/// frames), and how long each stage was busy.
/// </summary>
public sealed record VideoScores(IReadOnlyList<WindowScores> Windows, ClipStatistics Statistics, double Fps, string Decoder, IReadOnlyDictionary<string, double> TimingsMs)
{
    public StreamScores Rgb => StreamScores.Average(Windows.Select(w => w.Rgb).ToList());

    public StreamScores Flow => StreamScores.Average(Windows.Select(w => w.Flow).ToList());
}

/// <summary>
/// The method in one process, as a stream: frames are decoded on the calling thread, flow is computed chunk by
/// chunk on a second task as the chunks fill, and each window goes through both I3D streams on a third as soon as
/// its frames and flow are in. Decoding, flow and inference overlap, and memory stays that of a few chunks and one
/// window whatever the video's length. Videos are read as the model declares (<see cref="TwoStreamModel.Preprocessing"/>).
/// The numbers are those of the durable pipeline, which runs the same steps as activities (<see cref="ClassificationMethod"/>).
/// </summary>
public sealed class VideoScorer(TwoStreamModel model, MethodOptions options)
{
    private const int ChunksInFlight = 2;
    private const int WindowsInFlight = 1;

    /// <exception cref="InvalidVideoException">The video cannot be read or is outside the duration limits; the message starts with its file name.</exception>
    public VideoScores Score(string path)
    {
        var wall = Stopwatch.StartNew();
        var chunks = Channel.CreateBounded<IReadOnlyList<byte[]>>(ChunksInFlight);
        var windows = Channel.CreateBounded<ReadyWindow>(WindowsInFlight);
        var stages = new StageTimes();
        using var failed = new CancellationTokenSource();
        var flowTask = Task.Run(() => RunStageAsync(failed, () => ComputeFlowAsync(chunks.Reader, windows.Writer, stages, failed.Token)));
        var inferenceTask = Task.Run(() => RunStageAsync(failed, () => InferAsync(windows.Reader, stages, failed.Token)));
        (ClipStatistics Statistics, double Fps, string Decoder) decoded;
        try
        {
            decoded = Decode(path, chunks.Writer, stages, failed.Token);
        }
        catch (OperationCanceledException) when (failed.IsCancellationRequested)
        {
            // A later stage failed and stopped decoding: that stage's exception is the one to report.
            WaitForStages();
            throw;
        }
        catch
        {
            failed.Cancel();
            WaitForStages();
            throw;
        }
        WaitForStages();
        stages.Add("totalMs", wall.Elapsed);
        return new VideoScores(inferenceTask.Result, decoded.Statistics, decoded.Fps, decoded.Decoder, stages.Snapshot());

        void WaitForStages()
        {
            chunks.Writer.TryComplete();
            ThrowStageFailure(flowTask, inferenceTask);
        }
    }

    private (ClipStatistics Statistics, double Fps, string Decoder) Decode(string path, ChannelWriter<IReadOnlyList<byte[]>> chunks, StageTimes stages, CancellationToken cancellationToken)
    {
        var busy = Stopwatch.StartNew();
        try
        {
            using var reader = VideoClipReader.Open(path, model.Preprocessing.Apply(options.Video));
            var chunk = new List<byte[]>(options.FlowChunkFrames);
            foreach (var frame in reader.ReadFrames())
            {
                chunk.Add(frame);
                if (chunk.Count == options.FlowChunkFrames)
                {
                    Hand(chunks, chunk, busy, cancellationToken);
                    chunk = new List<byte[]>(options.FlowChunkFrames);
                }
            }
            if (chunk.Count > 0)
            {
                Hand(chunks, chunk, busy, cancellationToken);
            }
            stages.Add("decodeMs", busy.Elapsed);
            return (reader.Statistics, reader.SampledFps, reader.DecoderName);
        }
        catch (InvalidVideoException e)
        {
            throw new InvalidVideoException($"{Path.GetFileName(path)}: {e.Message}", e);
        }
    }

    /// <summary>Passes a chunk on; time spent waiting for the flow stage is not decoding time.</summary>
    private static void Hand(ChannelWriter<IReadOnlyList<byte[]>> chunks, IReadOnlyList<byte[]> chunk, Stopwatch busy, CancellationToken cancellationToken)
    {
        busy.Stop();
        if (!chunks.TryWrite(chunk))
        {
            chunks.WriteAsync(chunk, cancellationToken).AsTask().GetAwaiter().GetResult();
        }
        busy.Start();
    }

    private async Task ComputeFlowAsync(ChannelReader<IReadOnlyList<byte[]>> chunks, ChannelWriter<ReadyWindow> windows, StageTimes stages, CancellationToken cancellationToken)
    {
        try
        {
            var flow = new OpticalFlowComputer(options.Flow);
            var assembler = new StreamingWindows(options);
            byte[]? previous = null;
            await foreach (var chunk in chunks.ReadAllAsync(cancellationToken))
            {
                var clock = Stopwatch.StartNew();
                var fields = ClassificationMethod.FlowOfChunk(flow, chunk, previous);
                stages.Add("flowMs", clock.Elapsed);
                previous = chunk[^1];
                for (var i = 0; i < chunk.Count; i++)
                {
                    if (assembler.Add(chunk[i], fields[i]) is { } ready)
                    {
                        await windows.WriteAsync(ready, cancellationToken);
                    }
                }
            }
            foreach (var last in assembler.Finish())
            {
                await windows.WriteAsync(last, cancellationToken);
            }
        }
        finally
        {
            windows.TryComplete();
        }
    }

    private async Task<IReadOnlyList<WindowScores>> InferAsync(ChannelReader<ReadyWindow> windows, StageTimes stages, CancellationToken cancellationToken)
    {
        var scored = new List<WindowScores>();
        await foreach (var window in windows.ReadAllAsync(cancellationToken))
        {
            var clock = Stopwatch.StartNew();
            var rgb = model.ScoreRgb(window.Frames);
            stages.Add("rgbInferenceMs", clock.Elapsed);
            clock.Restart();
            var flow = model.ScoreFlow(window.Flow);
            stages.Add("flowInferenceMs", clock.Elapsed);
            scored.Add(new WindowScores(window.Window, rgb, flow));
        }
        // The windows may end early because another stage failed (its completion can outrun the cancellation): then
        // no window is that stage's failure to report, not this one's.
        cancellationToken.ThrowIfCancellationRequested();
        return scored.Count == 0 ? throw new InvalidVideoException("the video contains no frames.") : scored;
    }

    /// <summary>A stage that fails stops the others (their waits are cancelled) and keeps its own exception.</summary>
    private static async Task<T> RunStageAsync<T>(CancellationTokenSource failed, Func<Task<T>> stage)
    {
        try
        {
            return await stage();
        }
        catch (Exception e) when (e is not OperationCanceledException || !failed.IsCancellationRequested)
        {
            await failed.CancelAsync();
            throw;
        }
    }

    private static Task<bool> RunStageAsync(CancellationTokenSource failed, Func<Task> stage) =>
        RunStageAsync(failed, async () => { await stage(); return true; });

    /// <summary>
    /// Waits for the stages and rethrows the failure that stopped them, not the cancellations it caused. When they
    /// were only cancelled, decoding failed, and its exception is already on its way.
    /// </summary>
    private static void ThrowStageFailure(Task flowTask, Task inferenceTask)
    {
        try
        {
            Task.WaitAll(flowTask, inferenceTask);
        }
        catch (AggregateException e) when (e.Flatten().InnerExceptions.FirstOrDefault(x => x is not OperationCanceledException) is { } cause)
        {
            ExceptionDispatchInfo.Capture(cause).Throw();
        }
        catch (AggregateException)
        {
        }
    }

    /// <summary>Busy time per stage, summed over the stage's steps; written from the three stages.</summary>
    private sealed class StageTimes
    {
        private static readonly string[] Order = ["decodeMs", "flowMs", "rgbInferenceMs", "flowInferenceMs", "totalMs"];
        private readonly Dictionary<string, double> milliseconds = [];

        public void Add(string stage, TimeSpan elapsed)
        {
            lock (milliseconds)
            {
                milliseconds[stage] = milliseconds.GetValueOrDefault(stage) + elapsed.TotalMilliseconds;
            }
        }

        public IReadOnlyDictionary<string, double> Snapshot()
        {
            lock (milliseconds)
            {
                return Order.Where(milliseconds.ContainsKey).ToDictionary(stage => stage, stage => Math.Round(milliseconds[stage], 1));
            }
        }
    }
}
