using System.Text.Json;
using DurableTask.AzureStorage;
using DurableTask.Core;
using DurableTask.Core.Exceptions;
using ExerciseFunctions.Pipeline.Activities;
using ExerciseFunctions.Pipeline.Configuration;
using ExerciseFunctions.Pipeline.Orchestration;
using ExerciseFunctions.Pipeline.Starting;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ExerciseFunctions.LocalHost.Durable;

/// <summary>
/// The shared orchestrator and activities on a Durable Task Framework TaskHubWorker over Azure Storage, through
/// the SDK's shims. Several workers on one task hub share the work; one that stops mid-orchestration leaves its
/// messages to reappear for another after the (short, local) queue visibility timeouts.
/// </summary>
public sealed class DurableWorker : IHostedService, IDisposable
{
    private readonly AzureStorageOrchestrationService service;
    private readonly TaskHubWorker worker;
    private readonly TimeSpan stopTimeout;
    private readonly ILogger logger;

    public DurableWorker(PipelineOptions options, PipelineActivities activities, LocalHostSettings settings, ILoggerFactory loggers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.PartitionCount, 1, nameof(settings.PartitionCount));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(settings.PartitionCount, LocalHostSettings.MaxPartitionCount, nameof(settings.PartitionCount));
        service = new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = new StorageAccountClientProvider(options.StorageConnection),
            TaskHubName = options.TaskHub,
            WorkerId = settings.WorkerId,
            PartitionCount = settings.PartitionCount,
            MaxQueuePollingInterval = TimeSpan.FromSeconds(1),
            WorkItemQueueVisibilityTimeout = settings.QueueVisibilityTimeout,
            ControlQueueVisibilityTimeout = settings.QueueVisibilityTimeout,
            MaxConcurrentTaskActivityWorkItems = options.ActivityConcurrency,
            LoggerFactory = loggers,
        });
        var shims = new DurableTaskShimFactory(new DurableTaskWorkerOptions(), loggers);
        worker = new TaskHubWorker(service, loggers) { ErrorPropagationMode = ErrorPropagationMode.UseFailureDetails };
        worker.AddTaskOrchestrations(new Creator<TaskOrchestration>(ActivityNames.ClassifyVideo,
            () => shims.CreateOrchestration(new TaskName(ActivityNames.ClassifyVideo), new ClassifyVideoOrchestrator(), parent: null)));
        var activityLogger = loggers.CreateLogger<LoggedActivity>();
        foreach (var (name, activity) in activities.ByName())
        {
            var logged = new LoggedActivity(activity, activityLogger);
            worker.AddTaskActivities(new Creator<TaskActivity>(name, () => shims.CreateActivity(new TaskName(name), logged)));
        }
        Gateway = new TaskHubClientGateway(new TaskHubClient(service, new SystemTextJsonDataConverter(), loggers));
        stopTimeout = settings.WorkerStopTimeout;
        logger = loggers.CreateLogger<DurableWorker>();
    }

    public IOrchestrationGateway Gateway { get; }

    /// <summary>Stopped without waiting for its work items (forced, or past the stop timeout): some may still run.</summary>
    public bool Abandoned { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await service.CreateIfNotExistsAsync().WaitAsync(cancellationToken);
        await worker.StartAsync().WaitAsync(cancellationToken);
    }

    /// <summary>Waits for running work items, but no longer than the stop timeout: storage may be gone.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await StopAsync(abandon: false).WaitAsync(stopTimeout, cancellationToken);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            Abandoned = true;
            LocalHostLogs.WorkerStopAbandoned(logger, stopTimeout.TotalSeconds);
        }
    }

    /// <summary>Stops taking work; with <paramref name="abandon"/> it does not wait for running work items (a simulated crash).</summary>
    public Task StopAsync(bool abandon)
    {
        Abandoned |= abandon;
        return worker.StopAsync(isForced: abandon);
    }

    public void Dispose()
    {
        worker.Dispose();
        service.Dispose();
    }

    /// <summary>Registers by name only: the orchestrator and activities are unversioned.</summary>
    private sealed class Creator<T> : ObjectCreator<T>
    {
        private readonly Func<T> create;

        public Creator(string name, Func<T> create)
        {
            Name = name;
            Version = "";
            this.create = create;
        }

        public override T Create() => create();
    }
}

/// <summary><see cref="IOrchestrationGateway"/> over the Durable Task Framework's TaskHubClient.</summary>
internal sealed class TaskHubClientGateway(TaskHubClient client) : IOrchestrationGateway
{
    private static readonly OrchestrationStatus[] DedupeStatuses =
        [OrchestrationStatus.Pending, OrchestrationStatus.Running, OrchestrationStatus.Completed, OrchestrationStatus.Failed];

    public async Task<InstanceState?> GetStateAsync(string instanceId, CancellationToken cancellationToken)
    {
        var state = await client.GetOrchestrationStateAsync(instanceId);
        return state is null ? null : new InstanceState(state.OrchestrationStatus.ToString(), state.Status, state.FailureDetails?.ErrorMessage ?? state.Output);
    }

    /// <summary>Two starters racing on the same upload: the second finds it exists and does nothing.</summary>
    public async Task<bool> StartAsync(string instanceId, ClassifyVideoRequest request, CancellationToken cancellationToken)
    {
        try
        {
            await client.CreateOrchestrationInstanceAsync(ActivityNames.ClassifyVideo, "", instanceId, request, null, DedupeStatuses);
            return true;
        }
        catch (OrchestrationAlreadyExistsException)
        {
            return false;
        }
    }
}

/// <summary>The TaskHubClient's converter: System.Text.Json with the SDK's default options, so inputs and outputs match the shims'.</summary>
internal sealed class SystemTextJsonDataConverter : DurableTask.Core.Serializing.DataConverter
{
    public override string? Serialize(object? value) => value is null ? null : JsonSerializer.Serialize(value);

    public override string? Serialize(object? value, bool formatted) => Serialize(value);

    public override object? Deserialize(string? data, Type objectType) => data is null ? null : JsonSerializer.Deserialize(data, objectType);
}
