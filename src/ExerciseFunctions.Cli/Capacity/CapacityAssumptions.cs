namespace ExerciseFunctions.Cli.Capacity;

/// <summary>
/// What the capacity model cannot measure here, each overridable on the command line. Prices are in USD and are
/// ASSUMPTIONS: no page could be fetched on this machine (no internet), so the defaults are the list prices remembered
/// from the pages named beside them, not checked on the date of the run; put in your region's current prices.
/// </summary>
public sealed record CapacityAssumptions
{
    /// <summary>Length of a typical upload; null: the bench clips' measured length.</summary>
    public double? VideoSeconds { get; init; }

    /// <summary>
    /// One I3D stream on one 64-frame window on a T4. Derived, not measured (no GPU here): 111 G multiply-adds per
    /// stream-window (docs/performance.md) is 27 ms at the T4's 8.1 TFLOPS FP32 peak (NVIDIA T4 datasheet); ×3.7 for
    /// a realistic share of the peak.
    /// </summary>
    public double GpuSecondsPerWindow { get; init; } = 0.1;

    /// <summary>Share of a replica's capacity planned to be busy: headroom for bursts and replica start-up.</summary>
    public double Utilization { get; init; } = 0.6;

    /// <summary>CPU-only replica on the Consumption profile (its largest: 4 vCPU, 8 GiB).</summary>
    public double CpuReplicaVcpus { get; init; } = 4;
    public double CpuReplicaMemoryGib { get; init; } = 8;

    /// <summary>Serverless GPU replica, Consumption-GPU-NC8as-T4: 8 vCPU, 56 GiB, one T4 (infra/ defaults).</summary>
    public double GpuReplicaVcpus { get; init; } = 8;
    public double GpuReplicaMemoryGib { get; init; } = 56;

    /// <summary>"Azure Container Apps pricing", Consumption plan, active usage, per vCPU-second.</summary>
    public double PricePerVcpuSecond { get; init; } = 0.000024;

    /// <summary>"Azure Container Apps pricing", Consumption plan, active usage, per GiB-second.</summary>
    public double PricePerGibSecond { get; init; } = 0.000003;

    /// <summary>
    /// One T4 per second, on top of the replica's vCPU and memory. A stand-in figure: $0.526 per hour, the NC4as T4 v3
    /// virtual machine's pay-as-you-go Linux price ("Linux Virtual Machines pricing"), not the serverless GPU rate.
    /// </summary>
    public double PricePerGpuSecond { get; init; } = 0.526 / 3600;

    /// <summary>"Azure Blob Storage pricing", general-purpose v2, hot, LRS: per 10,000 write, read and list operations.</summary>
    public double PricePer10kBlobWrites { get; init; } = 0.055;
    public double PricePer10kBlobReads { get; init; } = 0.0044;
    public double PricePer10kBlobLists { get; init; } = 0.055;

    /// <summary>"Azure Queue Storage pricing", general-purpose v2, LRS: per 10,000 operations.</summary>
    public double PricePer10kQueueOperations { get; init; } = 0.004;

    /// <summary>"Azure Table Storage pricing", LRS: per 10,000 transactions.</summary>
    public double PricePer10kTableTransactions { get; init; } = 0.00036;
}
