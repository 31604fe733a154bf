using ExerciseFunctions.Runtime.Inference;

namespace ExerciseFunctions.Pipeline.Orchestration;

/// <summary>The shape of the fan-out for a video: pure, so the orchestrator and its tests compute the same plan.</summary>
public static class FanOutPlan
{
    public static int ChunkCount(int frameCount, int chunkFrames) => (frameCount + chunkFrames - 1) / chunkFrames;

    public static IReadOnlyList<ClipWindow> Windows(int frameCount, int windowFrames, int stride) =>
        ClipWindows.Plan(frameCount, windowFrames, stride);
}
