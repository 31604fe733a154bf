using System.Diagnostics;
using ExerciseFunctions.Pipeline.Configuration;
using ExerciseFunctions.Pipeline.Orchestration;
using ExerciseFunctions.Pipeline.Storage;
using ExerciseFunctions.Runtime.Classification;
using ExerciseFunctions.Runtime.Models;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace ExerciseFunctions.Pipeline.Activities;

/// <summary>
/// Every activity of the pipeline, built once per host (they are stateless) and registered under
/// <see cref="ActivityNames"/>; below, how each runs (<see cref="LoggedActivity"/>) and the model they share (<see cref="ModelCache"/>).
/// </summary>
public sealed class PipelineActivities(PipelineOptions options, PipelineStorage storage, ModelCache models)
{
    public ExtractFramesActivity ExtractFrames { get; } = new(options, storage, models);
    public ComputeFlowActivity ComputeFlow { get; } = new(options, storage);
    public InferRgbActivity InferRgb { get; } = new(options, storage, models);
    public InferFlowActivity InferFlow { get; } = new(options, storage, models);
    public DecideActivity Decide { get; } = new(models);
    public WriteClassificationActivity WriteClassification { get; } = new(storage);
    public CleanupWorkActivity CleanupWork { get; } = new(storage);

    public IReadOnlyDictionary<string, ITaskActivity> ByName() => new Dictionary<string, ITaskActivity>
    {
        [ActivityNames.ExtractFrames] = ExtractFrames,
        [ActivityNames.ComputeFlow] = ComputeFlow,
        [ActivityNames.InferRgb] = InferRgb,
        [ActivityNames.InferFlow] = InferFlow,
        [ActivityNames.Decide] = Decide,
        [ActivityNames.WriteClassification] = WriteClassification,
        [ActivityNames.CleanupWork] = CleanupWork,
    };
}

/// <summary>
/// An activity as both hosts run it: inside a logging scope that carries the orchestration's instance id, so every
/// line it writes (here, in the activity, in the storage or inference code below it) names the classification,
/// with its start, end and failure logged.
/// </summary>
public sealed class LoggedActivity(ITaskActivity activity, ILogger logger) : ITaskActivity
{
    public Type InputType => activity.InputType;
    public Type OutputType => activity.OutputType;

    public async Task<object?> RunAsync(TaskActivityContext context, object? input)
    {
        var name = context.Name.Name;
        using var scope = PipelineLogs.BeginClassificationScope(logger, context.InstanceId);
        PipelineLogs.ActivityStarted(logger, name, context.InstanceId);
        var clock = Stopwatch.StartNew();
        try
        {
            var output = await activity.RunAsync(context, input);
            PipelineLogs.ActivityFinished(logger, name, context.InstanceId, clock.Elapsed.TotalMilliseconds);
            return output;
        }
        catch (Exception e)
        {
            PipelineLogs.ActivityFailed(logger, e, name, context.InstanceId, clock.Elapsed.TotalMilliseconds);
            throw;
        }
    }
}

/// <summary>
/// The pipeline's model, loaded on first use and shared by every activity of the process (sessions are expensive
/// and thread-safe). A failed load is not kept: the next activity, or the retry of this one, tries again.
/// </summary>
public sealed class ModelCache(PipelineOptions options, ILogger<ModelCache> logger) : IDisposable
{
    private readonly SemaphoreSlim loading = new(1, 1);
    private TwoStreamModel? model;

    public async Task<TwoStreamModel> GetAsync(CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref model) is { } loaded)
        {
            return loaded;
        }
        await loading.WaitAsync(cancellationToken);
        try
        {
            return model ??= Load();
        }
        finally
        {
            loading.Release();
        }
    }

    private TwoStreamModel Load()
    {
        var clock = Stopwatch.StartNew();
        var directory = string.IsNullOrWhiteSpace(options.ModelDirectory) ? DefaultModel.Ensure() : new ModelDirectory(options.ModelDirectory);
        var loaded = TwoStreamModel.Load(directory, options.Inference(), logger);
        PipelineLogs.ModelLoaded(logger, directory.Path, loaded.Version, loaded.Device.ToString(), clock.Elapsed.TotalMilliseconds);
        return loaded;
    }

    public void Dispose()
    {
        model?.Dispose();
        loading.Dispose();
    }
}
