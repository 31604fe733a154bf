using System.Text.Json;

namespace ExerciseFunctions.Cli.Tests;

/// <summary>`exercise capacity` on a hand-written bench JSON: replicas and costs equal the ones worked out by hand below.</summary>
public sealed class CapacityCommandTests
{
    [Fact]
    public async Task Replicas_and_costs_per_1000_videos_match_a_hand_computation()
    {
        var bench = Path.Combine(Path.GetTempPath(), $"capacity-bench-{Guid.NewGuid():N}.json");
        var output = Path.Combine(Path.GetTempPath(), $"capacity-{Guid.NewGuid():N}.json");
        try
        {
            await File.WriteAllTextAsync(bench, BenchJson);
            var outcome = await CliProcess.RunAsync("capacity", "--bench", bench, "--videos-per-day", "1000", "100000", "--json", output,
                "--video-seconds", "6", "--gpu-seconds-per-window", "0.1", "--utilization", "0.5",
                "--cpu-replica-vcpus", "4", "--cpu-replica-memory-gib", "8", "--gpu-replica-vcpus", "8", "--gpu-replica-memory-gib", "56",
                "--price-vcpu-second", "0.00001", "--price-gib-second", "0.000001", "--price-gpu-second", "0.0001",
                "--price-blob-writes", "0.05", "--price-blob-reads", "0.005", "--price-blob-lists", "0.05", "--price-queue", "0.004", "--price-table", "0.0004");

            Assert.True(outcome.ExitCode == 0, outcome.Stderr);
            using var document = JsonDocument.Parse(await File.ReadAllTextAsync(output));
            var estimate = document.RootElement.GetProperty("estimate");
            // 6 s at 25 fps = 150 frames: 3 windows of 64 per stream; 2 streams × 3 × 0.1 s = 0.6 GPU-s per 6-s video.
            Assert.Equal(3, estimate.GetProperty("windowsPerStream").GetInt32());
            AssertClose(6, estimate.GetProperty("gpuSecondsPerVideoMinute").GetDouble());
            // (10×0.05 + 20×0.005 + 0×0.05 + 100×0.004 + 30×0.0004) / 10,000 per video.
            AssertClose(1.012 / 10_000, estimate.GetProperty("storageCostPerVideo").GetDouble());

            var targets = estimate.GetProperty("targets").EnumerateArray().ToList();
            // CPU only: 120 CPU-s per video minute → 12 s per 6-s video; 4 vCPU × 86,400 s × 0.5 / 12 = 14,400 videos per replica-day.
            // A replica-day: 86,400 × (4 × 0.00001 + 8 × 0.000001) = 4.1472, plus idle polling 600/min × 1,440 × 0.004 / 10,000 = 0.3456.
            // GPU: min(86,400 × 0.5 / 0.6, 8 × 86,400 × 0.5 / 3) = 72,000 videos per replica-day (3 CPU-s beside the GPU: 30 per minute);
            // a replica-day: 86,400 × (0.0001 + 8 × 0.00001 + 56 × 0.000001) = 20.3904, plus 0.3456.
            AssertTarget(targets[0], cpuReplicas: 1, cpuPer1000: 4.4928 + 0.1012, gpuReplicas: 1, gpuPer1000: 20.736 + 0.1012);
            AssertTarget(targets[1], cpuReplicas: 7, cpuPer1000: (7 * 4.4928 + 10.12) / 100, gpuReplicas: 2, gpuPer1000: (2 * 20.736 + 10.12) / 100);
        }
        finally
        {
            File.Delete(bench);
            File.Delete(output);
        }
    }

    static void AssertTarget(JsonElement target, int cpuReplicas, double cpuPer1000, int gpuReplicas, double gpuPer1000)
    {
        Assert.Equal(cpuReplicas, target.GetProperty("cpuReplicas").GetInt32());
        AssertClose(cpuPer1000, target.GetProperty("cpuCostPer1000Videos").GetDouble());
        Assert.Equal(gpuReplicas, target.GetProperty("gpuReplicas").GetInt32());
        AssertClose(gpuPer1000, target.GetProperty("gpuCostPer1000Videos").GetDouble());
    }

    static void AssertClose(double expected, double actual) => Assert.InRange(actual, expected * (1 - 1e-9), expected * (1 + 1e-9));

    /// <summary>A real-model row and a stand-in row, as `bench --stage Scale --json` writes them (only the metrics the model reads).</summary>
    const string BenchJson = """
        {
          "machine": "hand-written",
          "rows": [
            { "stage": "decode", "case": "not a scale row", "median": 1, "unit": "s", "runs": 1 },
            { "stage": "scale", "case": "1 worker(s), 4 partition(s), real model", "median": 10, "unit": "videos/min", "runs": 12,
              "metrics": { "workers": 1, "videoSecondsPerVideo": 2, "workerCpuSecondsPerVideoMinute": 120, "blobWritesPerVideo": 10,
                "blobReadsPerVideo": 20, "blobListsPerVideo": 0, "queueOperationsPerVideo": 100, "tableOperationsPerVideo": 30,
                "blobBytesWrittenPerVideo": 1000000, "idleRequestsPerMinute": 600 } },
            { "stage": "scale", "case": "1 worker(s), 4 partition(s), STAND-IN inference 0.5 s/window (not the model)", "median": 20, "unit": "videos/min", "runs": 12,
              "metrics": { "workers": 1, "videoSecondsPerVideo": 2, "workerCpuSecondsPerVideoMinute": 30, "blobWritesPerVideo": 10,
                "blobReadsPerVideo": 20, "blobListsPerVideo": 0, "queueOperationsPerVideo": 100, "tableOperationsPerVideo": 30,
                "blobBytesWrittenPerVideo": 1000000, "idleRequestsPerMinute": 600 } }
          ]
        }
        """;
}
