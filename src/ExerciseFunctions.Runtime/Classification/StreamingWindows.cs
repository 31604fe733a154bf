
namespace ExerciseFunctions.Runtime.Classification;

/// <summary>
/// The windows of <see cref="ClipWindows.Plan"/>, found while frames still arrive: a window is ready as soon as its
/// last frame is in, and only the last <see cref="MethodOptions.WindowFrames"/> frames (with their flow) are kept,
/// so a long video needs no more memory than a short one. The frame count is known only at the end (headers are not
/// trusted), so the windows the plan adds at the end — the looped one of a short video, or the one that ends on the
/// last frame — come from <see cref="Finish"/>, which takes them from the plan itself.
/// </summary>
public sealed class StreamingWindows(MethodOptions options)
{
    private readonly Dictionary<int, (byte[] Frame, float[] Flow)> retained = [];
    private int frameCount;
    private int nextStart;
    private int emitted;

    /// <summary>Adds the next frame and its flow; returns the window that this frame completes, if any.</summary>
    public ReadyWindow? Add(byte[] frame, float[] flow)
    {
        retained[frameCount] = (frame, flow);
        retained.Remove(frameCount - options.WindowFrames);
        frameCount++;
        if (frameCount != nextStart + options.WindowFrames)
        {
            return null;
        }
        var start = nextStart;
        nextStart += options.WindowStride;
        emitted++;
        return Window(new ClipWindow(Enumerable.Range(start, options.WindowFrames).ToArray()));
    }

    /// <summary>After the last frame: the windows of the plan not yet returned (those it adds at the end).</summary>
    public IEnumerable<ReadyWindow> Finish() => frameCount == 0
        ? []
        : ClipWindows.Plan(frameCount, options.WindowFrames, options.WindowStride).Skip(emitted).Select(Window).ToList();

    private ReadyWindow Window(ClipWindow window) =>
        new(window, window.FrameIndices.Select(i => retained[i].Frame).ToArray(), window.FrameIndices.Select(i => retained[i].Flow).ToArray());
}

/// <summary>A window with its frames and flow fields, in window order.</summary>
public sealed record ReadyWindow(ClipWindow Window, IReadOnlyList<byte[]> Frames, IReadOnlyList<float[]> Flow);
