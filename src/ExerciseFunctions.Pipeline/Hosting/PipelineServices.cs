using ExerciseFunctions.Pipeline.Activities;
using ExerciseFunctions.Pipeline.Configuration;
using ExerciseFunctions.Pipeline.Starting;
using ExerciseFunctions.Pipeline.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ExerciseFunctions.Pipeline.Hosting;

/// <summary>The pipeline's services, the same in the Functions app, the local host and the CLI's clients.</summary>
public static class PipelineServices
{
    /// <summary>
    /// Binds <see cref="PipelineOptions"/> once from the <c>Pipeline</c> section and validates them when the host
    /// starts; storage clients on the connection <c>Pipeline:StorageConnection</c> names; the model cache; the activities; the
    /// starter's clock; the creation of containers and table at start.
    /// </summary>
    public static IServiceCollection AddPipeline(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PipelineOptions>().Bind(configuration.GetSection(PipelineOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PipelineOptions>, PipelineOptionsValidator>());
        // Activities and triggers take the options themselves: they are fixed for the life of the process.
        services.TryAddSingleton(provider => provider.GetRequiredService<IOptions<PipelineOptions>>().Value);
        services.TryAddSingleton(provider => StorageConnection.Resolve(configuration, provider.GetRequiredService<PipelineOptions>().StorageConnection));
        services.TryAddSingleton(provider => provider.GetRequiredService<StorageConnection>().CreatePipelineStorage(provider.GetRequiredService<PipelineOptions>()));
        services.TryAddSingleton(provider => provider.GetRequiredService<PipelineStorage>().Classifications);
        services.TryAddSingleton<ModelCache>();
        services.TryAddSingleton<PipelineActivities>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddHostedService<StorageInitializer>();
        return services;
    }
}

/// <summary>Creates the containers and table at start, as the local host does: infra/ deploys them, Azurite starts empty.</summary>
public sealed class StorageInitializer(PipelineStorage storage) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => storage.EnsureCreatedAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
