using ExerciseFunctions.LocalHost.Azurite;
using Microsoft.Extensions.Logging;

namespace ExerciseFunctions.LocalHost;

/// <summary>
/// What only the local host has. The pipeline's own settings come from configuration (environment variables
/// <c>Pipeline__Name</c>, then <see cref="Configuration"/>), bound once by AddPipeline.
/// </summary>
public sealed record LocalHostSettings
{
    /// <summary>Configuration values over the environment's, by key (<c>Pipeline:WindowFrames</c>).</summary>
    public IReadOnlyDictionary<string, string?> Configuration { get; init; } = new Dictionary<string, string?>();

    /// <summary>Log providers and filters; none by default.</summary>
    public Action<ILoggingBuilder>? Logging { get; init; }

    /// <summary>Only process work from the task hub: no watcher, no HTTP API (<c>exercise serve --worker</c>).</summary>
    public bool WorkerOnly { get; init; }

    public int HttpPort { get; init; } = 7071;

    public string WorkerId { get; init; } = $"{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>The Azure Storage backend's largest partition count (one control queue each).</summary>
    public const int MaxPartitionCount = 16;

    /// <summary>
    /// Control-queue partitions of a new task hub (1–16; host.json's <c>partitionCount</c> in Azure). Fixed when the
    /// task hub is created: every worker on one task hub must use the same number. One partition serves one machine;
    /// more let more workers run orchestrations at once (see docs/scale.md).
    /// </summary>
    public int PartitionCount { get; init; } = 1;

    /// <summary>How long a stopped worker's messages stay hidden before another worker takes them (Azure's default: 5 minutes).</summary>
    public TimeSpan QueueVisibilityTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The watcher's pause between listing pages while uploads arrive; it backs off to <see cref="IdleWatchInterval"/> when none do.</summary>
    public TimeSpan WatchInterval { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan IdleWatchInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long stopping waits for the durable worker's running work items. Bounded because the Azure Storage
    /// backend keeps retrying its partition table when storage is gone; unfinished work is delivered again.
    /// </summary>
    public TimeSpan WorkerStopTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Azurite's data when it is started here (no connection string); default <c>&lt;data&gt;/azurite-data</c>.</summary>
    public string? AzuriteDirectory { get; init; }

    /// <summary>Where Azurite listens when it is started here: its standard ports by default, so other tools find it; null: free ports.</summary>
    public AzuritePorts? AzuritePorts { get; init; } = Azurite.AzuritePorts.Standard;
}
