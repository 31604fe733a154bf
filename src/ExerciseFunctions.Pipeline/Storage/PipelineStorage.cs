using Azure.Data.Tables;
using Azure.Storage.Blobs;
using ExerciseFunctions.Pipeline.Configuration;

namespace ExerciseFunctions.Pipeline.Storage;

/// <summary>The blob containers and table of the pipeline, from a connection string or from ready clients (identity-based).</summary>
public sealed class PipelineStorage
{
    public PipelineStorage(PipelineOptions options)
        : this(options, new BlobServiceClient(options.StorageConnection), new TableServiceClient(options.StorageConnection))
    {
    }

    public PipelineStorage(PipelineOptions options, BlobServiceClient blobs, TableServiceClient tables)
    {
        Videos = blobs.GetBlobContainerClient(options.VideosContainer);
        Work = blobs.GetBlobContainerClient(options.WorkContainer);
        WorkChunks = new WorkStore(Work);
        Attempts = new AttemptLedger(Work);
        Classifications = new ClassificationStore(tables.GetTableClient(options.ClassificationsTable));
    }

    public BlobContainerClient Videos { get; }
    public BlobContainerClient Work { get; }
    public WorkStore WorkChunks { get; }
    public AttemptLedger Attempts { get; }
    public ClassificationStore Classifications { get; }

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        await Videos.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await Work.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await Classifications.EnsureCreatedAsync(cancellationToken);
    }
}
