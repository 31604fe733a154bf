using ExerciseFunctions.Pipeline.Activities;
using ExerciseFunctions.Pipeline.Configuration;
using ExerciseFunctions.Pipeline.Hosting;
using ExerciseFunctions.Pipeline.Storage;
using ExerciseFunctions.Runtime.Inference;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ExerciseFunctions.Pipeline.Tests.Hosting;

/// <summary>AddPipeline from local.settings.json-style values, as every host calls it (no network).</summary>
public sealed class PipelineServicesTests
{
    private const string Azurite = "UseDevelopmentStorage=true";

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
        Assert.Same(options, services.GetRequiredService<IOptions<PipelineOptions>>().Value);
    }

    [Fact]
    public void Storage_and_activities_are_single_instances_on_the_named_connection()
    {
        using var services = Services(("VideoStorage", Azurite), ("Pipeline__StorageConnection", "VideoStorage"));

        Assert.Same(services.GetRequiredService<PipelineActivities>(), services.GetRequiredService<PipelineActivities>());
        Assert.Equal("http://127.0.0.1:10000/devstoreaccount1/videos", services.GetRequiredService<PipelineStorage>().Videos.Uri.ToString());
        Assert.Contains(services.GetServices<IHostedService>(), s => s is StorageInitializer);
    }

    [Theory]
    [InlineData("Pipeline__WindowFrames", "8", "WindowFrames must be at least 9")]
    [InlineData("Pipeline__WindowStride", "0", "WindowStride must be at least 1")]
    [InlineData("Pipeline__FlowChunkFrames", "0", "FlowChunkFrames must be at least 1")]
    [InlineData("Pipeline__TargetFps", "0", "TargetFps must be a positive number")]
    [InlineData("Pipeline__MinDurationSeconds", "200", "MinDurationSeconds (200) must be less than MaxDurationSeconds (120)")]
    [InlineData("Pipeline__ActivityConcurrency", "0", "ActivityConcurrency must be at least 1")]
    [InlineData("Pipeline__TaskHub", " ", "TaskHub must not be empty")]
    [InlineData("Pipeline__BenchInferenceStandIn", "-00:00:01", "BenchInferenceStandIn must be 0 (off: the real model) to 00:01:00")]
    [InlineData("Pipeline__BenchInferenceStandIn", "00:01:01", "BenchInferenceStandIn must be 0 (off: the real model) to 00:01:00")]
    public async Task A_host_with_an_invalid_setting_refuses_to_start_and_names_it(string key, string value, string reason)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection([KeyValuePair.Create("Pipeline:StorageConnection", (string?)Azurite), KeyValuePair.Create(key.Replace("__", ":"), (string?)value)]);
        var firstService = new StartProbe();
        builder.Services.AddHostedService(_ => firstService);
        builder.Services.AddPipeline(builder.Configuration);
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains(reason, error.Message);
        // ValidateOnStart: refused before any hosted service starts (a local host's Azurite, a worker), not when one first reads the options.
        Assert.False(firstService.Started);
    }

    [Fact]
    public void The_defaults_are_valid() =>
        Assert.True(new PipelineOptionsValidator().Validate(null, new PipelineOptions()).Succeeded);

    private sealed class StartProbe : IHostedService
    {
        public bool Started { get; private set; }

        public Task StartAsync(CancellationToken cancellationToken)
        {
            Started = true;
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
