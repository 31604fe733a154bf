using ExerciseFunctions.Pipeline.Configuration;

namespace ExerciseFunctions.LocalHost;

/// <summary>How <see cref="LocalPipelineHost"/> runs: the pipeline's options plus what only the local host has.</summary>
public sealed record LocalHostSettings
{
    public required PipelineOptions Pipeline { get; init; }

    /// <summary>Only process work from the task hub: no watcher, no HTTP API (<c>exercise serve --worker</c>).</summary>
    public bool WorkerOnly { get; init; }

    public int HttpPort { get; init; } = 7071;

    public string WorkerId { get; init; } = $"{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>How long a stopped worker's messages stay hidden before another worker takes them (Azure's default: 5 minutes).</summary>
    public TimeSpan QueueVisibilityTimeout { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan WatchInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Azurite's data when it is started here (no connection string); default <c>.azurite/</c> in the repository.</summary>
    public string? AzuriteDirectory { get; init; }

    /// <summary>Azurite on its standard ports (10000-10002) so other tools find it; false: free ports.</summary>
    public bool AzuriteStandardPorts { get; init; } = true;
}
