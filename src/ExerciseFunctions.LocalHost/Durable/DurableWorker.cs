using DurableTask.AzureStorage;
using DurableTask.Core;
using ExerciseFunctions.Pipeline.Activities;
using ExerciseFunctions.Pipeline.Configuration;
using ExerciseFunctions.Pipeline.Orchestration;
using ExerciseFunctions.Pipeline.Starting;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.Logging;

namespace ExerciseFunctions.LocalHost.Durable;

/// <summary>
/// The shared orchestrator and activities on a Durable Task Framework TaskHubWorker over Azure Storage, through
/// the SDK's shims. Several workers on one task hub share the work; one that stops mid-orchestration leaves its
/// messages to reappear for another after the (short, local) queue visibility timeouts.
/// </summary>
public sealed class DurableWorker : IAsyncDisposable
{
    private readonly AzureStorageOrchestrationService service;
    private readonly TaskHubWorker worker;

    private DurableWorker(AzureStorageOrchestrationService service, TaskHubWorker worker, TaskHubClient client)
    {
        this.service = service;
        this.worker = worker;
        Gateway = new TaskHubClientGateway(client);
    }

    public IOrchestrationGateway Gateway { get; }

    public static async Task<DurableWorker> StartAsync(PipelineOptions options, PipelineActivities activities, string workerId, TimeSpan queueVisibilityTimeout, ILoggerFactory loggers)
    {
        var service = new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = new StorageAccountClientProvider(options.StorageConnection),
            TaskHubName = options.TaskHub,
            WorkerId = workerId,
            PartitionCount = 1,
            MaxQueuePollingInterval = TimeSpan.FromSeconds(1),
            WorkItemQueueVisibilityTimeout = queueVisibilityTimeout,
            ControlQueueVisibilityTimeout = queueVisibilityTimeout,
            MaxConcurrentTaskActivityWorkItems = options.ActivityConcurrency,
            LoggerFactory = loggers,
        });
        await service.CreateIfNotExistsAsync();
        var shims = new DurableTaskShimFactory(new DurableTaskWorkerOptions(), loggers);
        var worker = new TaskHubWorker(service, loggers) { ErrorPropagationMode = ErrorPropagationMode.UseFailureDetails };
        worker.AddTaskOrchestrations(new Creator<TaskOrchestration>(ActivityNames.ClassifyVideo,
            () => shims.CreateOrchestration(new TaskName(ActivityNames.ClassifyVideo), new ClassifyVideoOrchestrator(), parent: null)));
        foreach (var (name, activity) in activities.ByName())
        {
            worker.AddTaskActivities(new Creator<TaskActivity>(name, () => shims.CreateActivity(new TaskName(name), activity)));
        }
        await worker.StartAsync();
        return new DurableWorker(service, worker, new TaskHubClient(service, new SystemTextJsonDataConverter(), loggers));
    }

    /// <summary>Stops taking work; with <paramref name="abandon"/> it does not wait for running work items (a simulated crash).</summary>
    public Task StopAsync(bool abandon) => worker.StopAsync(isForced: abandon);

    public async ValueTask DisposeAsync()
    {
        await StopAsync(abandon: false);
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
