using System.Diagnostics;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace ExerciseFunctions.Pipeline.Activities;

/// <summary>
/// An activity as both hosts run it: inside a logging scope that carries the orchestration's instance id, so every
/// line it writes (here, in the activity, in the storage or inference code below it) names the classification,
/// with its start, end and failure logged.
/// </summary>
public sealed class LoggedActivity(ITaskActivity activity, ILogger logger) : ITaskActivity
{
    public Type InputType => activity.InputType;
    public Type OutputType => activity.OutputType;

    public static IDisposable? BeginClassificationScope(ILogger logger, string instanceId) =>
        logger.BeginScope(new Dictionary<string, object> { ["InstanceId"] = instanceId });

    public async Task<object?> RunAsync(TaskActivityContext context, object? input)
    {
        var name = context.Name.Name;
        using var scope = BeginClassificationScope(logger, context.InstanceId);
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
