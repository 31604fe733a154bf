using ExerciseFunctions.Functions.Storage;
using ExerciseFunctions.Pipeline.Activities;
using ExerciseFunctions.Pipeline.Configuration;
using ExerciseFunctions.Pipeline.Inference;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ExerciseFunctions.Functions;

/// <summary>The Azure twin of the local host's wiring: the same options section, storage and activities, one of each per process.</summary>
public static class PipelineServices
{
    public static IServiceCollection AddPipeline(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(PipelineOptions.SectionName).Get<PipelineOptions>() ?? new PipelineOptions();
        services.AddSingleton(options);
        services.AddSingleton(_ => StorageConnection.Resolve(configuration, options.StorageConnection).CreatePipelineStorage(options));
        services.AddSingleton<ModelCache>();
        services.AddSingleton<PipelineActivities>();
        services.AddSingleton(TimeProvider.System);
        services.AddHostedService<StorageInitializer>();
        return services;
    }
}
