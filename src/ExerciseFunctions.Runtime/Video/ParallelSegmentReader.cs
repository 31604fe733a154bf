using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using OpenCvSharp;

namespace ExerciseFunctions.Runtime.Video;

/// <summary>
/// Decodes a video's segments on several threads, each with its own capture, and yields the frames in order. Every
/// stage of decoding (FFmpeg's decode, its colour conversion on retrieve, resize and crop) runs in parallel this way;
/// one capture can only spread the first. Memory stays bounded: at most workers + 1 segments are decoded ahead of
/// the consumer.
/// </summary>
internal sealed class ParallelSegmentReader(Func<VideoCapture> openCapture, VideoSourceInfo source, VideoReadOptions options, string name)
{
    /// <param name="onCompleted">Called with the whole video's statistics once its last frame has been yielded.</param>
    public IEnumerable<byte[]> Read(IReadOnlyList<ClipSegment> plan, Action<ClipStatistics> onCompleted)
    {
        var segments = plan.Select(segment => new PendingSegment(segment)).ToArray();
        var workers = Math.Min(options.DecodeWorkers, segments.Length);
        using var stop = new CancellationTokenSource();
        using var slots = new SemaphoreSlim(workers + 1);
        var claimed = -1;
        var tasks = Enumerable.Range(0, workers)
            .Select(_ => Task.Factory.StartNew(() => Work(segments, slots, () => Interlocked.Increment(ref claimed), stop.Token), TaskCreationOptions.LongRunning))
            .ToArray();
        try
        {
            int decoded = 0, sampled = 0;
            foreach (var pending in segments)
            {
                foreach (var frame in pending.Frames.GetConsumingEnumerable())
                    yield return frame;
                pending.Error?.Throw();
                slots.Release();
                decoded += pending.Tally.DecodedFrames;
                sampled += pending.Tally.SampledFrames;
                if (pending.Tally.VideoDurationSeconds is { } duration)
                {
                    onCompleted(new ClipStatistics(decoded, sampled, duration));
                    yield break;
                }
            }
            throw new InvalidOperationException($"Decoding '{name}' in parts never reached its end.");
        }
        finally
        {
            stop.Cancel();
            Task.WaitAll(tasks);
        }
    }

    /// <summary>Decodes one claimed segment after another until none is left or the consumer has stopped.</summary>
    private void Work(PendingSegment[] segments, SemaphoreSlim slots, Func<int> claimNext, CancellationToken stop)
    {
        VideoCapture? capture = null;
        SegmentDecoder? decoder = null;
        try
        {
            while (TryWait(slots, stop) && claimNext() is var index && index < segments.Length)
            {
                var pending = segments[index];
                try
                {
                    capture ??= openCapture();
                    decoder ??= new SegmentDecoder(capture, source, options, name);
                    foreach (var frame in decoder.Decode(pending.Segment, pending.Tally, stop))
                        pending.Frames.Add(frame);
                }
                catch (Exception error)
                {
                    pending.Error = ExceptionDispatchInfo.Capture(error);
                }
                finally
                {
                    pending.Frames.CompleteAdding();
                }
            }
        }
        finally
        {
            decoder?.Dispose();
            capture?.Dispose();
        }
    }

    private static bool TryWait(SemaphoreSlim slots, CancellationToken stop)
    {
        try
        {
            slots.Wait(stop);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private sealed class PendingSegment(ClipSegment segment)
    {
        public ClipSegment Segment { get; } = segment;
        public BlockingCollection<byte[]> Frames { get; } = new();
        public SegmentTally Tally { get; } = new();
        public ExceptionDispatchInfo? Error { get; set; }
    }
}
