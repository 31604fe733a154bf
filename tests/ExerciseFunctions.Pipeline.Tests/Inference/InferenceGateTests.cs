using ExerciseFunctions.Core.Inference;
using ExerciseFunctions.Core.Models;
using ExerciseFunctions.Pipeline.Inference;
using Xunit;

namespace ExerciseFunctions.Pipeline.Tests.Inference;

public sealed class InferenceGateTests : IDisposable
{
    private const int Frames = 16;
    private readonly string directory = Path.Combine(Path.GetTempPath(), $"gate-model-{Guid.NewGuid():N}");

    [Fact]
    public async Task Concurrent_runs_take_turns_and_score_as_a_direct_run_does()
    {
        var model = ModelWriter.WriteSeeded(directory, ExerciseClasses.Default, seed: 5);
        using var session = I3dSession.Open(model.RgbModelPath, new InferenceOptions { Threads = 2 });
        var random = new Random(3);
        var clip = Enumerable.Range(0, Frames * 224 * 224 * 3).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var expected = session.Run(clip, Frames);

        using var start = new Barrier(2);
        var runs = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            start.SignalAndWait();
            return await InferenceGate.RunAsync(session, clip, Frames);
        })));

        Assert.All(runs, run => Assert.Equal(expected.Logits, run.Output.Logits));
        // Started together: one ran at once, the other waited for (most of) the first run.
        Assert.True(runs.Min(r => r.Waited) < TimeSpan.FromMilliseconds(50), $"waits: {string.Join(", ", runs.Select(r => r.Waited))}");
        Assert.True(runs.Max(r => r.Waited) > TimeSpan.FromMilliseconds(100), $"waits: {string.Join(", ", runs.Select(r => r.Waited))}");
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
