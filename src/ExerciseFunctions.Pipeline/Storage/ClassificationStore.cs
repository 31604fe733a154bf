using Azure;
using Azure.Data.Tables;

namespace ExerciseFunctions.Pipeline.Storage;

/// <summary>Reads and writes <see cref="ClassificationRow"/>s; every write is idempotent.</summary>
public sealed class ClassificationStore(TableClient table)
{
    public Task EnsureCreatedAsync(CancellationToken cancellationToken = default) => table.CreateIfNotExistsAsync(cancellationToken);

    /// <summary>Writes the Running row of a new upload; leaves an existing row (a trigger firing twice) alone.</summary>
    public async Task AddRunningAsync(ClassificationRow row, CancellationToken cancellationToken = default)
    {
        try
        {
            await table.AddEntityAsync(row, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
        }
    }

    public Task UpsertAsync(ClassificationRow row, CancellationToken cancellationToken = default) =>
        table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);

    /// <summary>Replaces the row only if nobody wrote it since it was read (its ETag); 412 otherwise.</summary>
    public Task ReplaceIfUnchangedAsync(ClassificationRow row, CancellationToken cancellationToken = default) =>
        table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken);

    /// <summary>Rows still Running that started before <paramref name="startedBefore"/> (a filtered scan of the table).</summary>
    public IAsyncEnumerable<ClassificationRow> RunningSinceAsync(DateTimeOffset startedBefore, CancellationToken cancellationToken = default) =>
        table.QueryAsync<ClassificationRow>(r => r.Status == ClassificationStatus.Running && r.StartedAt < startedBefore, cancellationToken: cancellationToken);

    /// <summary>Every classification that has ended (a scan of the whole table: for tools and benchmarks).</summary>
    public IAsyncEnumerable<ClassificationRow> FinishedAsync(CancellationToken cancellationToken = default) =>
        table.QueryAsync<ClassificationRow>(r => r.Status != ClassificationStatus.Running, cancellationToken: cancellationToken);

    /// <summary>The newest classification of a video, or null when it was never uploaded.</summary>
    public async Task<ClassificationRow?> GetLatestAsync(string container, string blobName, CancellationToken cancellationToken = default)
    {
        var partition = TableKeys.ForVideo(container, blobName);
        ClassificationRow? latest = null;
        await foreach (var row in QueryPartitionAsync(partition, cancellationToken))
        {
            if (row.BlobName == blobName && (latest is null || row.StartedAt > latest.StartedAt))
            {
                latest = row;
            }
        }
        return latest;
    }

    /// <summary>The row of one orchestration; the row key is its instance id (a scan across videos, small tables).</summary>
    public async Task<ClassificationRow?> GetByInstanceIdAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        await foreach (var row in table.QueryAsync<ClassificationRow>(r => r.RowKey == instanceId, maxPerPage: 1, cancellationToken: cancellationToken))
        {
            return row;
        }
        return null;
    }

    /// <summary>Every classification of one video (one row per upload).</summary>
    public IAsyncEnumerable<ClassificationRow> QueryPartitionAsync(string partitionKey, CancellationToken cancellationToken = default) =>
        table.QueryAsync<ClassificationRow>(r => r.PartitionKey == partitionKey, cancellationToken: cancellationToken);

    public async Task<ClassificationRow?> GetAsync(string container, string blobName, string instanceId, CancellationToken cancellationToken = default)
    {
        var response = await table.GetEntityIfExistsAsync<ClassificationRow>(TableKeys.ForVideo(container, blobName), instanceId, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }
}
