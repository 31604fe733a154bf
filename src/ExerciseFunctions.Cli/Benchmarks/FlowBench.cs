using ExerciseFunctions.Runtime.Flow;
using OpenCvSharp;

namespace ExerciseFunctions.Cli.Benchmarks;

/// <summary>
/// Optical flow at 224x224: frame pairs per second for each algorithm, one thread (pairs one at a time, OpenCV
/// limited to one thread) against all cores (pairs in parallel), measured side by side.
/// </summary>
internal static class FlowBench
{
    public static IEnumerable<BenchRow> Run(IReadOnlyList<byte[]> frames, int runs, Action<string> log)
    {
        foreach (var algorithm in Enum.GetValues<FlowAlgorithm>())
        {
            log($"flow: {algorithm}");
            var computer = new OpticalFlowComputer(algorithm);
            var single = PairsPerSecond(() => OnePairAtATime(computer, frames), frames.Count - 1, runs);
            var parallel = PairsPerSecond(() => computer.Compute(frames, null), frames.Count - 1, runs);
            yield return new BenchRow($"flow {algorithm}", "1 thread", single, "pairs/s", runs);
            yield return new BenchRow($"flow {algorithm}", $"{Environment.ProcessorCount} threads", parallel, "pairs/s", runs,
                ComparedWith: "1 thread", Ratio: parallel / single);
        }
    }

    static double PairsPerSecond(Action action, int pairs, int runs) => pairs / Measure.MedianSeconds(action, runs);

    static void OnePairAtATime(OpticalFlowComputer computer, IReadOnlyList<byte[]> frames) => OpenCvThreads.One(() =>
    {
        for (var i = 1; i < frames.Count; i++)
        {
            computer.Compute([frames[i]], frames[i - 1]);
        }
    });
}
