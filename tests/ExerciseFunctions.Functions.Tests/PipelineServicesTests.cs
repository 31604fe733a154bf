using ExerciseFunctions.Runtime.Inference;
using ExerciseFunctions.Functions.Durable;
using ExerciseFunctions.Functions.Http;
using ExerciseFunctions.Functions.Triggers;
using ExerciseFunctions.Pipeline.Activities;
using ExerciseFunctions.Pipeline.Configuration;
using ExerciseFunctions.Pipeline.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ExerciseFunctions.Functions.Tests;

/// <summary>The app's container, built from local.settings.json-style values: every function class can be created (no network).</summary>
public sealed class PipelineServicesTests
{
    private static ServiceProvider Services(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key.Replace("__", ":"), (string?)s.Value)))
            .Build();
        return new ServiceCollection().AddLogging().AddPipeline(configuration).BuildServiceProvider();
    }

    [Fact]
    public void Options_bind_from_the_Pipeline_section_with_enum_values_as_infra_writes_them()
    {
        using var services = Services(("Pipeline__StorageConnection", "VideoStorage"), ("Pipeline__WindowFrames", "32"), ("Pipeline__InferenceDevice", "cuda"));

        var options = services.GetRequiredService<PipelineOptions>();
        Assert.Equal(32, options.WindowFrames);
        Assert.Equal(InferenceDevice.Cuda, options.InferenceDevice);
        Assert.Equal("VideoStorage", options.StorageConnection);
    }

    [Fact]
    public void Storage_and_activities_are_single_instances_on_the_named_connection()
    {
        using var services = Services(("VideoStorage", "UseDevelopmentStorage=true"), ("Pipeline__StorageConnection", "VideoStorage"));

        Assert.Same(services.GetRequiredService<PipelineActivities>(), services.GetRequiredService<PipelineActivities>());
        Assert.Equal("http://127.0.0.1:10000/devstoreaccount1/videos", services.GetRequiredService<PipelineStorage>().Videos.Uri.ToString());
        Assert.Contains(services.GetServices<IHostedService>(), s => s is Functions.Storage.StorageInitializer);
    }

    [Fact]
    public void Every_function_class_can_be_created_from_the_container()
    {
        using var services = Services(("VideoStorage", "UseDevelopmentStorage=true"), ("Pipeline__StorageConnection", "VideoStorage"));

        Assert.NotNull(ActivatorUtilities.CreateInstance<ClassifyVideoFunctions>(services));
        Assert.NotNull(ActivatorUtilities.CreateInstance<VideoUploadedTrigger>(services));
        Assert.NotNull(ActivatorUtilities.CreateInstance<ClassificationStatusApi>(services));
    }
}
