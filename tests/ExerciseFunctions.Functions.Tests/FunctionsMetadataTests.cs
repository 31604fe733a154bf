using System.Reflection;
using System.Text.Json.Nodes;
using ExerciseFunctions.Functions.Http;
using ExerciseFunctions.Pipeline.Orchestration;

namespace ExerciseFunctions.Functions.Tests;

/// <summary>What the Functions host will index: the generated functions.metadata and extensions.json of the built app.</summary>
public sealed class FunctionsMetadataTests
{
    private static readonly Dictionary<string, JsonObject> Functions = FunctionsAppOutput.Read("functions.metadata").AsArray()
        .Select(f => f!.AsObject())
        .ToDictionary(f => (string)f["name"]!);

    private static JsonObject Trigger(string function)
    {
        Assert.True(Functions.ContainsKey(function), $"No function '{function}' in functions.metadata ({string.Join(", ", Functions.Keys)}).");
        return Assert.Single(Functions[function]["bindings"]!.AsArray(), b => ((string)b!["type"]!).EndsWith("Trigger", StringComparison.Ordinal))!.AsObject();
    }

    private static string[] ActivityNamesExceptOrchestrator() => typeof(ActivityNames)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (string)f.GetRawConstantValue()!)
        .Where(name => name != ActivityNames.ClassifyVideo)
        .ToArray();

    [Fact]
    public void Every_activity_has_an_activity_trigger_under_its_registered_name()
    {
        var activities = ActivityNamesExceptOrchestrator();
        Assert.Equal(7, activities.Length);
        Assert.All(activities, name => Assert.Equal("activityTrigger", (string)Trigger(name)["type"]!));
    }

    [Fact]
    public void The_orchestrator_has_an_orchestration_trigger() =>
        Assert.Equal("orchestrationTrigger", (string)Trigger(ActivityNames.ClassifyVideo)["type"]!);

    [Fact]
    public void Uploads_to_videos_trigger_the_starter_through_the_VideoStorage_connection_with_a_durable_client()
    {
        var trigger = Trigger("VideoUploaded");
        Assert.Equal("blobTrigger", (string)trigger["type"]!);
        Assert.Equal("videos/{name}", (string)trigger["path"]!);
        Assert.Equal("VideoStorage", (string)trigger["connection"]!);
        Assert.Contains(Functions["VideoUploaded"]["bindings"]!.AsArray(), b => (string)b!["type"]! == "durableClient");
    }

    [Fact]
    public void The_status_api_is_an_anonymous_get_on_the_classifications_catch_all_route()
    {
        var trigger = Trigger("GetClassification");
        Assert.Equal("httpTrigger", (string)trigger["type"]!);
        Assert.Equal("classifications/{*name}", (string)trigger["route"]!);
        Assert.Equal(["get"], trigger["methods"]!.AsArray().Select(m => ((string)m!).ToLowerInvariant()));
        Assert.Equal("Anonymous", (string)trigger["authLevel"]!, ignoreCase: true);
    }

    [Theory]
    [InlineData("by-id/3f2a9c", "3f2a9c")]
    [InlineData("squat.mp4", null)]
    [InlineData("by-id/", null)]
    [InlineData("by-id/a/b.mp4", null)]
    [InlineData("clips/by-id/x", null)]
    public void The_catch_all_route_also_answers_by_instance_id(string path, string? instanceId) =>
        // One function serves both: the host orders overlapping routes by function name, not by precedence.
        Assert.Equal(instanceId, ClassificationStatusApi.InstanceIdIn(path));

    [Fact]
    public void No_function_is_there_that_the_pipeline_does_not_know() =>
        Assert.Equal(
            ActivityNamesExceptOrchestrator().Append(ActivityNames.ClassifyVideo).Append("VideoUploaded").Append("GetClassification")
                .Append("SweepRunningRows").Order(),
            Functions.Keys.Order());

    [Fact]
    public void The_host_loads_the_blob_and_durable_extensions()
    {
        var names = FunctionsAppOutput.Read("extensions.json")["extensions"]!.AsArray().Select(e => (string)e!["name"]!).ToList();
        Assert.Contains("AzureStorageBlobs", names);
        Assert.Contains("DurableTask", names);
    }

    [Fact]
    public void The_published_host_json_names_the_task_hub_and_bounds_blob_trigger_retries()
    {
        var extensions = FunctionsAppOutput.Read("host.json")["extensions"]!;
        Assert.Equal("ExerciseFunctions", (string)extensions["durableTask"]!["hubName"]!);
        Assert.False((bool)extensions["durableTask"]!["extendedSessionsEnabled"]!);
        Assert.InRange((int)extensions["blobs"]!["poisonBlobThreshold"]!, 1, 5);
    }
}
