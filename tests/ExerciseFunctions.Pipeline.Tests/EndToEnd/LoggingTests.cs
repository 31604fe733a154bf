using ExerciseFunctions.Pipeline.Activities;
using ExerciseFunctions.Pipeline.Orchestration;
using ExerciseFunctions.Pipeline.Storage;
using ExerciseFunctions.Pipeline.Tests.Fixtures;
using ExerciseFunctions.Testing;

namespace ExerciseFunctions.Pipeline.Tests.EndToEnd;

/// <summary>What the local host logs of one classification, through a recording provider on the fixture's host.</summary>
[Collection(PipelineCollection.Name)]
public sealed class LoggingTests(PipelineHostFixture fixture)
{
    [Fact]
    public async Task Every_activity_of_a_classification_logs_its_end_inside_a_scope_with_the_instance_id()
    {
        var instanceId = await fixture.UploadAsync("logged.mp4", TestClips.Mp4(1.2, seed: 21));
        var row = await fixture.WaitForFinishedRowAsync("logged.mp4", instanceId);
        Assert.Equal(ClassificationStatus.Completed, row.Status);

        var finished = fixture.Logs.Records
            .Where(r => r.Category == typeof(LoggedActivity).FullName && r.EventId.Id == 2111 && r.Message.Contains(instanceId))
            .ToList();
        foreach (var activity in new[] { ActivityNames.ExtractFrames, ActivityNames.ComputeFlow, ActivityNames.InferRgb, ActivityNames.InferFlow, ActivityNames.WriteClassification })
        {
            Assert.Contains(finished, r => r.Message.StartsWith($"Activity {activity} of "));
        }
        // The scope, not only the message: lines that code below the activity writes carry it too.
        Assert.All(finished, r => Assert.Equal(instanceId, r.Scope.GetValueOrDefault("InstanceId")));
    }

    [Fact]
    public async Task TheOrchestrationLogsEachStageOnceThoughItIsReplayedAfterEveryActivity()
    {
        var instanceId = await fixture.UploadAsync("replayed.mp4", TestClips.Mp4(1.2, seed: 22));
        await fixture.WaitForFinishedRowAsync("replayed.mp4", instanceId);
        await WaitForOrchestrationEndAsync(instanceId);

        var events = fixture.Logs.Records
            .Where(r => r.Category == typeof(ClassifyVideoOrchestrator).FullName && r.Scope.GetValueOrDefault("InstanceId") as string == instanceId)
            .Select(r => r.EventId.Name == "StageReached" ? r.Message[(r.Message.LastIndexOf(' ') + 1)..] : r.EventId.Name)
            .ToList();

        Assert.Equal(
            ["ClassificationStarted", PipelineStages.Extracting, PipelineStages.ComputingFlow, PipelineStages.Inferring, PipelineStages.Writing,
             PipelineStages.CleaningUp, PipelineStages.Completed, "ClassificationCompleted"],
            events);
    }

    /// <summary>The row is written before the work blobs are cleaned up: the orchestration ends a moment later.</summary>
    private Task WaitForOrchestrationEndAsync(string instanceId) =>
        WorkDeadline.UntilAsync(
            PipelineHostFixture.OneUpload,
            async () => (await fixture.Host.Worker.Gateway.GetStateAsync(instanceId, CancellationToken.None))?.RuntimeStatus == "Completed",
            $"{instanceId} did not complete.");
}
