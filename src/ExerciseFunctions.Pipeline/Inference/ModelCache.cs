using System.Diagnostics;
using ExerciseFunctions.Pipeline.Configuration;
using ExerciseFunctions.Runtime.Classification;
using ExerciseFunctions.Runtime.Models;
using Microsoft.Extensions.Logging;

namespace ExerciseFunctions.Pipeline.Inference;

/// <summary>
/// The pipeline's model, loaded on first use and shared by every activity of the process (sessions are expensive
/// and thread-safe). A failed load is not kept: the next activity, or the retry of this one, tries again.
/// </summary>
public sealed class ModelCache(PipelineOptions options, ILogger<ModelCache> logger) : IDisposable
{
    private readonly SemaphoreSlim loading = new(1, 1);
    private TwoStreamModel? model;

    public async Task<TwoStreamModel> GetAsync(CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref model) is { } loaded)
        {
            return loaded;
        }
        await loading.WaitAsync(cancellationToken);
        try
        {
            return model ??= Load();
        }
        finally
        {
            loading.Release();
        }
    }

    private TwoStreamModel Load()
    {
        var clock = Stopwatch.StartNew();
        var directory = string.IsNullOrWhiteSpace(options.ModelDirectory) ? DefaultModel.Ensure() : new ModelDirectory(options.ModelDirectory);
        var loaded = TwoStreamModel.Load(directory, options.Inference(), logger);
        PipelineLogs.ModelLoaded(logger, directory.Path, loaded.Version, loaded.Device.ToString(), clock.Elapsed.TotalMilliseconds);
        return loaded;
    }

    public void Dispose()
    {
        model?.Dispose();
        loading.Dispose();
    }
}
