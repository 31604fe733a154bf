using ExerciseFunctions.Functions.Durable;
using ExerciseFunctions.Functions.Http;
using ExerciseFunctions.Functions.Triggers;
using ExerciseFunctions.Pipeline.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ExerciseFunctions.Functions.Tests;

/// <summary>The app's container, built from local.settings.json-style values: every function class can be created (no network).</summary>
public sealed class PipelineServicesTests
{
    [Fact]
    public void Every_function_class_can_be_created_from_the_container()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([KeyValuePair.Create("VideoStorage", (string?)"UseDevelopmentStorage=true"), KeyValuePair.Create("Pipeline:StorageConnection", (string?)"VideoStorage")])
            .Build();
        using var services = new ServiceCollection().AddLogging().AddPipeline(configuration).BuildServiceProvider();

        Assert.NotNull(ActivatorUtilities.CreateInstance<ClassifyVideoFunctions>(services));
        Assert.NotNull(ActivatorUtilities.CreateInstance<VideoUploadedTrigger>(services));
        Assert.NotNull(ActivatorUtilities.CreateInstance<ClassificationStatusApi>(services));
    }
}
