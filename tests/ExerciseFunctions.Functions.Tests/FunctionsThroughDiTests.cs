using System.Net;
using System.Text.Json;
using ExerciseFunctions.Functions.Durable;
using ExerciseFunctions.Functions.Http;
using ExerciseFunctions.Functions.Triggers;
using ExerciseFunctions.Pipeline.Activities;
using ExerciseFunctions.Pipeline.Orchestration;
using ExerciseFunctions.Pipeline.Storage;
using ExerciseFunctions.Runtime.Models;
using ExerciseFunctions.Testing;
using ExerciseFunctions.Testing.Azurite;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ExerciseFunctions.Functions.Tests;

/// <summary>
/// The app's functions (trigger, status, timer sweep, orchestrator and activities) created from its own container
/// (Program's wiring, FunctionsApp) as the worker creates them, and invoked with real bindings: a BlobClient on
/// Azurite and the DurableTaskClient of the Durable Task SDK's
/// in-process host, which runs the app's orchestrator and activity functions, dispatched by name as the Functions host
/// dispatches them.
/// </summary>
public sealed class FunctionsThroughDiTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private const long MaxUploadBytes = 200_000;
    private IHost app = null!;
    private DurableTaskTestHost durable = null!;
    private PipelineStorage storage = null!;

    public async Task InitializeAsync()
    {
        var builder = FunctionsApplication.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["VideoStorage"] = azurite.ConnectionString,
            ["Pipeline:StorageConnection"] = "VideoStorage",
            ["Pipeline:WindowFrames"] = "16",
            ["Pipeline:WindowStride"] = "16",
            ["Pipeline:FlowChunkFrames"] = "8",
            ["Pipeline:InferenceThreads"] = "1",
            ["Pipeline:MaxUploadBytes"] = MaxUploadBytes.ToString(),
        });
        app = builder.AddExerciseFunctions().Build();
        storage = app.Services.GetRequiredService<PipelineStorage>();
        await storage.EnsureCreatedAsync();
        var functions = ActivatorUtilities.CreateInstance<ClassifyVideoFunctions>(app.Services);
        durable = await DurableTaskTestHost.StartAsync(registry =>
        {
            registry.AddOrchestratorFunc<ClassifyVideoRequest, ClassificationSummary>(ActivityNames.ClassifyVideo, (context, _) => functions.ClassifyVideo(context));
            registry.AddActivityFunc<ExtractFramesInput, FrameManifest>(ActivityNames.ExtractFrames, (_, input) => functions.ExtractFrames(input));
            registry.AddActivityFunc<DecideInput, Decision>(ActivityNames.Decide, (_, input) => functions.Decide(input));
            registry.AddActivityFunc<FlowChunkInput, ActivityTiming>(ActivityNames.ComputeFlow, (_, input) => functions.ComputeFlow(input));
            registry.AddActivityFunc<WindowInput, WindowLogits>(ActivityNames.InferRgb, (_, input) => functions.InferRgb(input));
            registry.AddActivityFunc<WindowInput, WindowLogits>(ActivityNames.InferFlow, (_, input) => functions.InferFlow(input));
            registry.AddActivityFunc<ClassificationOutcome, object?>(ActivityNames.WriteClassification, (_, input) => functions.WriteClassification(input));
            registry.AddActivityFunc<CleanupInput, object?>(ActivityNames.CleanupWork, (_, input) => functions.CleanupWork(input));
        });
    }

    public async Task DisposeAsync()
    {
        await durable.DisposeAsync();
        app.Dispose();
    }

    [Fact]
    public async Task The_blob_trigger_starts_the_classification_of_an_upload_and_the_status_function_returns_its_row()
    {
        const string name = "through functions.mp4";
        using var videos = new GeneratedVideoDirectory();
        var blob = storage.Videos.GetBlobClient(name);
        var upload = await blob.UploadAsync(videos.Write("clip.mp4", new VideoSpec(96, 72, 25, FrameCount: 25)), overwrite: true);

        await ActivatorUtilities.CreateInstance<VideoUploadedTrigger>(app.Services).VideoUploaded(blob, name, durable.Client, CancellationToken.None);

        var started = Assert.Single(await RowsAsync(name));
        var instance = await durable.Client.GetInstanceAsync(started.InstanceId, getInputsAndOutputs: true);
        Assert.Equal(ActivityNames.ClassifyVideo, instance!.Name);
        var request = instance.ReadInputAs<ClassifyVideoRequest>()!;
        Assert.Equal((storage.Videos.Name, name, upload.Value.ETag.ToString().Trim('"')), (request.Container, request.BlobName, request.BlobETag));
        using var deadline = new CancellationTokenSource(WorkDeadline.ForClassifications(1, videoSeconds: 1));
        var finished = await durable.Client.WaitForInstanceCompletionAsync(started.InstanceId, deadline.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, finished.RuntimeStatus);

        var (status, body) = await GetStatusAsync(name);

        Assert.Equal(HttpStatusCode.OK, status);
        var view = body.RootElement;
        Assert.Equal(started.InstanceId, view.GetProperty("instanceId").GetString());
        Assert.Equal(ClassificationStatus.Completed, view.GetProperty("status").GetString());
        Assert.Equal("Completed", view.GetProperty("runtimeStatus").GetString());
        Assert.Equal(25, view.GetProperty("frameCount").GetInt32());
        Assert.Equal(ExerciseClasses.Default, view.GetProperty("probabilities").EnumerateObject().Select(p => p.Name));
        // Each stream's function ran its own network: the seeded RGB and flow models never agree to the last digit.
        Assert.NotEqual(view.GetProperty("rgbLogits").GetRawText(), view.GetProperty("flowLogits").GetRawText());
        Assert.Single(await RowsAsync(name));
    }

    [Fact]
    public async Task The_blob_trigger_refuses_an_oversized_upload_with_a_failed_row_naming_the_limit()
    {
        const string name = "too big.mp4";
        var blob = storage.Videos.GetBlobClient(name);
        await blob.UploadAsync(BinaryData.FromBytes(new byte[MaxUploadBytes + 1]), overwrite: true);

        await ActivatorUtilities.CreateInstance<VideoUploadedTrigger>(app.Services).VideoUploaded(blob, name, durable.Client, CancellationToken.None);

        var row = Assert.Single(await RowsAsync(name));
        Assert.Equal(ClassificationStatus.Failed, row.Status);
        Assert.Contains("limit MaxUploadBytes", row.Error);
        Assert.Contains(name, row.Error);
        Assert.Equal(MaxUploadBytes + 1, row.SourceBytes);
        // Refused before any work: no orchestration was started.
        Assert.Null(await durable.Client.GetInstanceAsync(row.InstanceId));
        var (status, body) = await GetStatusAsync(name);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(ClassificationStatus.Failed, body.RootElement.GetProperty("status").GetString());
        // The caller is told why (the upload's own fault), not "internal error <id>".
        Assert.Equal(row.Error, body.RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task The_status_function_answers_404_for_a_video_never_uploaded()
    {
        var (status, body) = await GetStatusAsync("never uploaded.mp4");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("No classification of 'never uploaded.mp4'.", body.RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task The_timer_sweep_ends_a_running_row_whose_orchestration_never_started()
    {
        const string name = "orphan.mp4";
        await storage.Classifications.UpsertAsync(new ClassificationRow
        {
            PartitionKey = TableKeys.ForVideo(storage.Videos.Name, name),
            RowKey = "orphan-instance",
            InstanceId = "orphan-instance",
            Container = storage.Videos.Name,
            BlobName = name,
            Status = ClassificationStatus.Running,
            StartedAt = DateTimeOffset.UtcNow - TimeSpan.FromMinutes(10),
        });

        await ActivatorUtilities.CreateInstance<RunningRowSweep>(app.Services).SweepRunningRows(new TimerInfo(), durable.Client, CancellationToken.None);

        var row = Assert.Single(await RowsAsync(name));
        Assert.Equal(ClassificationStatus.Failed, row.Status);
        Assert.Contains("never scheduled", row.Error);
    }

    private async Task<(HttpStatusCode Status, JsonDocument Body)> GetStatusAsync(string name)
    {
        var request = new HttpGet(new Uri($"http://localhost/api/classifications/{Uri.EscapeDataString(name)}"), app.Services);
        var api = ActivatorUtilities.CreateInstance<ClassificationStatusApi>(app.Services);
        var response = (HttpGet.Response)await api.GetClassification(request, name, durable.Client, CancellationToken.None);
        return (response.StatusCode, JsonDocument.Parse(response.Text));
    }

    private async Task<List<ClassificationRow>> RowsAsync(string name)
    {
        var rows = new List<ClassificationRow>();
        await foreach (var row in storage.Classifications.QueryPartitionAsync(TableKeys.ForVideo(storage.Videos.Name, name)))
        {
            rows.Add(row);
        }
        return rows;
    }
}
