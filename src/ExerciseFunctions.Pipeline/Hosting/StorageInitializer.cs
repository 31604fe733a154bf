using ExerciseFunctions.Pipeline.Storage;
using Microsoft.Extensions.Hosting;

namespace ExerciseFunctions.Pipeline.Hosting;

/// <summary>Creates the containers and table at start, as the local host does: infra/ deploys them, Azurite starts empty.</summary>
public sealed class StorageInitializer(PipelineStorage storage) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => storage.EnsureCreatedAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
