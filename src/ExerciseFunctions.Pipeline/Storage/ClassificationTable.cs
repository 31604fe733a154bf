using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using ExerciseFunctions.Pipeline.Orchestration;
using ExerciseFunctions.Runtime.Classification;

namespace ExerciseFunctions.Pipeline.Storage;

// The classifications table: its row and everything that fixes the row's shape (the status values, the keys of a
// started row, the key encoding of a blob name, the timeline's JSON column), and the store that reads and writes rows.

/// <summary>
/// One classification of one upload in table <c>classifications</c>: partition = the video (see
/// <see cref="TableKeys"/>), row = the orchestration instance id (one per upload, i.e. per ETag).
/// Lists travel as JSON text; table columns hold scalars only.
/// </summary>
public sealed class ClassificationRow : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Status { get; set; } = ClassificationStatus.Running;
    public string Container { get; set; } = "";
    public string BlobName { get; set; } = "";
    public string BlobETag { get; set; } = "";
    public string InstanceId { get; set; } = "";
    public string? Label { get; set; }
    public double? Confidence { get; set; }
    /// <summary>JSON object: class label to probability.</summary>
    public string? ProbabilitiesJson { get; set; }
    /// <summary>JSON array, in label order.</summary>
    public string? RgbLogitsJson { get; set; }
    public string? FlowLogitsJson { get; set; }
    /// <summary>False when the clip shows no exercise at all (the label is then only the closest exercise).</summary>
    public bool? Recognized { get; set; }
    /// <summary>JSON array: each window's start and end (seconds), label, confidence, probabilities and recognition (<see cref="TimelineColumn"/>).</summary>
    public string? WindowsJson { get; set; }
    /// <summary>Windows left out of <see cref="WindowsJson"/> (from the end) to keep it within a table property's size; null or 0: none.</summary>
    public int? WindowsOmitted { get; set; }
    public string? ModelVersion { get; set; }
    public int? FrameCount { get; set; }
    public double? Fps { get; set; }
    public double? DurationSeconds { get; set; }
    public long? SourceBytes { get; set; }
    /// <summary>JSON object: stage name to milliseconds.</summary>
    public string? TimingsJson { get; set; }
    public string? Error { get; set; }
    /// <summary>True when the upload was refused for what it is (e.g. over the size limit): its reason may be shown to the caller.</summary>
    public bool? RefusedUpload { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
}

/// <summary>The values of <see cref="ClassificationRow.Status"/>.</summary>
public static class ClassificationStatus
{
    public const string Running = "Running";
    public const string Completed = "Completed";
    public const string Failed = "Failed";
}

public static class ClassificationRows
{
    /// <summary>The row of a classification that has started: keys, names and start time.</summary>
    public static ClassificationRow Running(ClassifyVideoRequest request, string instanceId) => new()
    {
        PartitionKey = TableKeys.ForVideo(request.Container, request.BlobName),
        RowKey = instanceId,
        Status = ClassificationStatus.Running,
        Container = request.Container,
        BlobName = request.BlobName,
        BlobETag = request.BlobETag,
        InstanceId = instanceId,
        StartedAt = request.StartedAt,
    };
}

/// <summary>
/// Table keys for any blob name. Keys forbid / \ # ? and control characters, so names are base64url-encoded
/// (reversible; only A-Z a-z 0-9 - _). Names whose encoding would pass the 1 KiB key limit keep an encoded
/// prefix plus a SHA-256 of the whole name: still unique, and the row keeps the full name in a column.
/// </summary>
public static class TableKeys
{
    /// <summary>Characters, i.e. 1 KiB of UTF-16.</summary>
    public const int MaxKeyLength = 512;
    private const int HashedPrefixLength = 400;
    private const char HashSeparator = '.';

    public static string ForVideo(string container, string blobName)
    {
        var encoded = Base64Url(Encoding.UTF8.GetBytes($"{container}/{blobName}"));
        if (encoded.Length <= MaxKeyLength)
        {
            return encoded;
        }
        var hash = Base64Url(SHA256.HashData(Encoding.UTF8.GetBytes(blobName)));
        return $"{encoded[..HashedPrefixLength]}{HashSeparator}{hash}";
    }

    /// <summary>The container/blob text of a key that was not hashed.</summary>
    public static string Decode(string key) => Encoding.UTF8.GetString(Convert.FromBase64String(
        key.Replace('-', '+').Replace('_', '/').PadRight(key.Length + (4 - key.Length % 4) % 4, '=')));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>
/// The per-window timeline as the row's JSON column. A Table storage property holds at most 64 KiB (32,768 UTF-16
/// characters), so numbers are rounded to 4 decimals (0.01% and 0.1 ms: below what a timeline is read for; the
/// fused result keeps full precision in its own columns) and windows that would push the text past
/// <see cref="MaxChars"/> are left out from the end and counted. With the default settings (64-frame windows every 64
/// frames, at most 120 s, six classes) a timeline has at most 48 windows of about 290 characters: always whole.
/// </summary>
public static class TimelineColumn
{
    public const int MaxChars = 32_000;
    private const int Decimals = 4;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The JSON array to store and how many windows did not fit.</summary>
    public static (string Json, int Omitted) Write(IReadOnlyList<WindowVerdict> windows)
    {
        var kept = new List<string>();
        var length = 2;
        foreach (var window in windows)
        {
            var text = JsonSerializer.Serialize(Rounded(window), Json);
            var added = text.Length + (kept.Count > 0 ? 1 : 0);
            if (length + added > MaxChars)
            {
                break;
            }
            kept.Add(text);
            length += added;
        }
        return ($"[{string.Join(',', kept)}]", windows.Count - kept.Count);
    }

    public static IReadOnlyList<WindowVerdict>? Read(string? json) =>
        string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize<WindowVerdict[]>(json, Json);

    private static WindowVerdict Rounded(WindowVerdict window) => window with
    {
        Start = Math.Round(window.Start, Decimals),
        End = Math.Round(window.End, Decimals),
        Confidence = Math.Round(window.Confidence, Decimals),
        Probabilities = window.Probabilities.ToDictionary(p => p.Key, p => Math.Round(p.Value, Decimals)),
    };
}

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
