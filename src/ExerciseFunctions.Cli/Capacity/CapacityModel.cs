using ExerciseFunctions.Pipeline.Configuration;

namespace ExerciseFunctions.Cli.Capacity;

/// <summary>Replicas and cost at one daily volume.</summary>
public sealed record CapacityTarget(double VideosPerDay, int CpuReplicas, double CpuCostPer1000Videos, int? GpuReplicas, double? GpuCostPer1000Videos);

/// <summary>Per-video costs, derived from the bench's rows and the assumptions, and what they mean at each volume.</summary>
public sealed record CapacityEstimate(
    string ModelCase,
    string? StandInCase,
    double VideoSeconds,
    int WindowsPerStream,
    double CpuSecondsPerVideoMinute,
    double? CpuSecondsPerVideoMinuteBesideGpu,
    double GpuSecondsPerVideoMinute,
    double StorageRequestsPerVideo,
    double BlobBytesWrittenPerVideo,
    double StorageCostPerVideo,
    double IdleRequestsPerReplicaPerMinute,
    IReadOnlyList<CapacityTarget> Targets);

/// <summary>
/// From measured per-video costs to replicas and money. CPU-only replicas do everything on their vCPUs (the real-model
/// row's CPU per video minute). A GPU replica runs inference on its GPU (assumed seconds per window) and the rest on its
/// vCPUs (the stand-in row's CPU: everything but inference); it is limited by whichever fills first. Replicas run all day
/// (minReplicas ≥ 1, see docs/deployment.md), at the planned utilization; storage is billed per request, idle polling included.
/// </summary>
public static class CapacityModel
{
    private const double SecondsPerDay = 86_400;

    public static CapacityEstimate Estimate(IReadOnlyList<ScaleMeasurements> rows, CapacityAssumptions assumptions, IReadOnlyList<double> videosPerDay)
    {
        var model = Fewest(rows.Where(r => !r.UsesStandIn))
            ?? throw new InvalidDataException("the bench JSON has no real-model scale row (run the Scale stage with --scale-inference Model or Both).");
        var standIn = Fewest(rows.Where(r => r.UsesStandIn));
        var method = new PipelineOptions();
        var videoSeconds = assumptions.VideoSeconds ?? model.VideoSecondsPerVideo;
        var windowsPerStream = Math.Max(1, (int)Math.Ceiling(videoSeconds * method.TargetFps / method.WindowFrames));

        var cpuPerVideo = model.WorkerCpuSecondsPerVideoMinute * videoSeconds / 60;
        var cpuBesideGpuPerVideo = standIn?.WorkerCpuSecondsPerVideoMinute * videoSeconds / 60;
        var gpuPerVideo = 2 * windowsPerStream * assumptions.GpuSecondsPerWindow;
        var a = assumptions;
        var storagePerVideo = (model.BlobWritesPerVideo * a.PricePer10kBlobWrites + model.BlobReadsPerVideo * a.PricePer10kBlobReads
            + model.BlobListsPerVideo * a.PricePer10kBlobLists + model.QueueOperationsPerVideo * a.PricePer10kQueueOperations
            + model.TableOperationsPerVideo * a.PricePer10kTableTransactions) / 10_000;
        var idlePerReplicaPerMinute = model.IdleRequestsPerMinute / model.Workers;
        // Idle polling is almost all queue reads: priced as queue operations.
        var idleCostPerReplicaDay = idlePerReplicaPerMinute * 1440 * a.PricePer10kQueueOperations / 10_000;

        var cpuReplicaCapacity = a.CpuReplicaVcpus * SecondsPerDay * a.Utilization / cpuPerVideo;
        var cpuReplicaDay = SecondsPerDay * (a.CpuReplicaVcpus * a.PricePerVcpuSecond + a.CpuReplicaMemoryGib * a.PricePerGibSecond) + idleCostPerReplicaDay;
        double? gpuReplicaCapacity = cpuBesideGpuPerVideo is { } besideGpu
            ? Math.Min(SecondsPerDay * a.Utilization / gpuPerVideo, a.GpuReplicaVcpus * SecondsPerDay * a.Utilization / besideGpu)
            : null;
        var gpuReplicaDay = SecondsPerDay * (a.PricePerGpuSecond + a.GpuReplicaVcpus * a.PricePerVcpuSecond + a.GpuReplicaMemoryGib * a.PricePerGibSecond)
            + idleCostPerReplicaDay;

        var targets = videosPerDay.Select(volume =>
        {
            var cpuReplicas = Replicas(volume, cpuReplicaCapacity);
            int? gpuReplicas = gpuReplicaCapacity is { } capacity ? Replicas(volume, capacity) : null;
            return new CapacityTarget(volume, cpuReplicas, Per1000(cpuReplicas * cpuReplicaDay, volume, storagePerVideo),
                gpuReplicas, gpuReplicas is { } count ? Per1000(count * gpuReplicaDay, volume, storagePerVideo) : null);
        }).ToList();
        return new CapacityEstimate(model.Case, standIn?.Case, videoSeconds, windowsPerStream, model.WorkerCpuSecondsPerVideoMinute,
            standIn?.WorkerCpuSecondsPerVideoMinute, gpuPerVideo * 60 / videoSeconds,
            model.BlobWritesPerVideo + model.BlobReadsPerVideo + model.BlobListsPerVideo + model.QueueOperationsPerVideo + model.TableOperationsPerVideo,
            model.BlobBytesWrittenPerVideo, storagePerVideo, idlePerReplicaPerMinute, targets);
    }

    /// <summary>The row with the fewest workers (the least CPU contention on the bench machine); the first of equals.</summary>
    private static ScaleMeasurements? Fewest(IEnumerable<ScaleMeasurements> rows) => rows.OrderBy(r => r.Workers).FirstOrDefault();

    private static int Replicas(double videosPerDay, double videosPerReplicaDay) => Math.Max(1, (int)Math.Ceiling(videosPerDay / videosPerReplicaDay));

    private static double Per1000(double replicaCostPerDay, double videosPerDay, double storagePerVideo) =>
        (replicaCostPerDay + videosPerDay * storagePerVideo) / videosPerDay * 1000;
}
