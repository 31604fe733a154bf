using System.Collections.Concurrent;
using ExerciseFunctions.Pipeline.Orchestration;
using ExerciseFunctions.Pipeline.Starting;
using ExerciseFunctions.Runtime.Video;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;

namespace ExerciseFunctions.Pipeline.Tests.Orchestration;

/// <summary>
/// Bad input is told from a transient failure by the exception's type name wherever the failure details carry it:
/// as the Durable Task SDK serializes an activity's exception, wrapped in an AggregateException, or inside the text
/// the Functions host reports; and through the SDK's own worker, client and retry loop.
/// </summary>
public sealed class BadInputRecognitionTests
{
    private const string Reason = "'x.mp4' is too short: 0.2 s.";

    [Fact]
    public void An_invalid_video_serialized_by_the_SDK_is_bad_input()
    {
        var failure = TaskFailureDetails.FromException(new InvalidVideoException(Reason));

        Assert.Equal(typeof(InvalidVideoException).FullName, failure.ErrorType);
        Assert.True(BadInput.IsCauseOf(failure));
    }

    [Fact]
    public void An_invalid_video_wrapped_in_an_AggregateException_is_bad_input_where_IsCausedBy_says_no()
    {
        // The shape of durable extension issue #2762: an async activity's failure surfaces as AggregateException.
        var failure = TaskFailureDetails.FromException(new AggregateException(new InvalidVideoException(Reason)));

        Assert.Equal(typeof(AggregateException).FullName, failure.ErrorType);
        Assert.False(failure.IsCausedBy<InvalidVideoException>());
        Assert.True(BadInput.IsCauseOf(failure));
    }

    [Fact]
    public void An_invalid_video_named_only_in_the_Functions_host_invocation_text_is_bad_input()
    {
        var failure = new TaskFailureDetails(
            "Microsoft.Azure.WebJobs.Script.Workers.Rpc.RpcException",
            $"Result: Failure\nException: {typeof(InvalidVideoException).FullName}: {Reason}\nStack:    at ExtractFramesActivity.RunAsync()",
            null, null, null);

        Assert.True(BadInput.IsCauseOf(failure));
    }

    [Theory]
    [InlineData("storage hiccup")]
    [InlineData("invalid video stream from the camera")]
    public void Anything_else_is_transient_even_wrapped(string message)
    {
        Assert.False(BadInput.IsCauseOf(TaskFailureDetails.FromException(new IOException(message))));
        Assert.False(BadInput.IsCauseOf(TaskFailureDetails.FromException(new AggregateException(new IOException(message)))));
        Assert.False(BadInput.IsCauseOf(null));
    }

    [Theory]
    [InlineData(true, 1, true)]
    [InlineData(false, 3, false)]
    public async Task The_retry_policy_and_the_client_see_the_same_through_the_SDK_worker(bool badInput, int expectedCalls, bool expectedBadInput)
    {
        var calls = new ConcurrentBag<int>();
        await using var host = await DurableTaskTestHost.StartAsync(registry =>
        {
            registry.AddOrchestratorFunc<object?, object?>("Classify", async (context, _) =>
                await context.CallActivityAsync<object?>("Extract", null, ClassifyVideoOrchestrator.Retry));
            registry.AddActivityFunc<object?, object?>("Extract", async (_, _) =>
            {
                calls.Add(1);
                await Task.Yield();
                throw badInput ? new InvalidVideoException(Reason) : new IOException("storage hiccup");
            });
        });
        var instanceId = await host.Client.ScheduleNewOrchestrationInstanceAsync("Classify");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await host.Client.WaitForInstanceCompletionAsync(instanceId, timeout.Token);

        var state = await new DurableTaskClientGateway(host.Client).GetStateAsync(instanceId, timeout.Token);

        Assert.Equal(expectedCalls, calls.Count);
        Assert.Equal(nameof(OrchestrationRuntimeStatus.Failed), state!.RuntimeStatus);
        Assert.Equal(expectedBadInput, state.FailedOnBadInput);
    }
}
