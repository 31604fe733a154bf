using ExerciseFunctions.Core.Flow;
using ExerciseFunctions.Core.Inference;
using ExerciseFunctions.Core.Video;

namespace ExerciseFunctions.Core.Classification;

/// <summary>Builds the network inputs of one window from sampled frames, computing only the flow it needs.</summary>
public static class WindowInputs
{
    public static float[] Rgb(IReadOnlyList<byte[]> frames, ClipWindow window) =>
        FramePreprocessor.ToModelInput(window.FrameIndices.Select(i => frames[i]).ToList());

    public static float[] Flow(IReadOnlyList<byte[]> frames, ClipWindow window, OpticalFlowComputer flow)
    {
        var byIndex = FlowOfIndices(frames, window.FrameIndices, flow);
        return Concatenate(window.FrameIndices.Select(i => byIndex[i]).ToList());
    }

    /// <summary>Flow of each distinct index, computed per run of consecutive frames (each run needs the frame before it).</summary>
    static Dictionary<int, float[]> FlowOfIndices(IReadOnlyList<byte[]> frames, IEnumerable<int> indices, OpticalFlowComputer flow)
    {
        var result = new Dictionary<int, float[]>();
        foreach (var run in ConsecutiveRuns(indices.Distinct().Order()))
        {
            var previous = run.Start > 0 ? frames[run.Start - 1] : null;
            var runFlow = flow.Compute(Slice(frames, run.Start, run.Count), previous);
            for (var i = 0; i < run.Count; i++)
            {
                result[run.Start + i] = runFlow[i];
            }
        }
        return result;
    }

    static IEnumerable<(int Start, int Count)> ConsecutiveRuns(IEnumerable<int> sortedIndices)
    {
        int? start = null;
        var count = 0;
        foreach (var index in sortedIndices)
        {
            if (start is { } s && index == s + count)
            {
                count++;
                continue;
            }
            if (start is { } done)
            {
                yield return (done, count);
            }
            (start, count) = (index, 1);
        }
        if (start is { } last)
        {
            yield return (last, count);
        }
    }

    static IReadOnlyList<byte[]> Slice(IReadOnlyList<byte[]> frames, int start, int count) =>
        Enumerable.Range(start, count).Select(i => frames[i]).ToList();

    static float[] Concatenate(IReadOnlyList<float[]> parts)
    {
        var result = new float[parts.Sum(p => p.Length)];
        var offset = 0;
        foreach (var part in parts)
        {
            part.CopyTo(result, offset);
            offset += part.Length;
        }
        return result;
    }
}
