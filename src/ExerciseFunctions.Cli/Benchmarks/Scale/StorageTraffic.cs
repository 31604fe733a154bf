using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ExerciseFunctions.Cli.Benchmarks.Scale;

/// <summary>Which storage service a request went to and how Azure prices it.</summary>
internal enum StorageOperation { BlobWrite, BlobRead, BlobList, BlobDelete, Queue, Table, StatusQuery }

/// <summary>
/// Counts the storage requests of a benchmark run from Azurite's access log (one line per request:
/// <c>"GET /devstoreaccount1/work/… HTTP/1.1" 200 1234</c>), by the price class Azure bills them in, with the bytes the
/// responses carried. The resource names tell the services apart: the task hub's queues, the pipeline's containers, the
/// rest are tables. The benchmark's own status polling (reads of the classifications table) is counted apart.
/// </summary>
internal sealed partial class StorageTraffic(string taskHub, string videosContainer, string workContainer, string classificationsTable)
{
    private readonly ConcurrentDictionary<StorageOperation, long> requests = new();
    private readonly ConcurrentDictionary<string, long> byResource = new();
    private long responseBytes;

    public long this[StorageOperation operation] => requests.GetValueOrDefault(operation);

    /// <summary>Requests of the pipeline (everything but the benchmark's status polling).</summary>
    public long PipelineRequests => requests.Where(r => r.Key != StorageOperation.StatusQuery).Sum(r => r.Value);

    /// <summary>Bytes in the pipeline's responses (downloads, query results, dequeued messages).</summary>
    public long ResponseBytes => Interlocked.Read(ref responseBytes);

    /// <summary>
    /// Requests per kind of resource (<c>videos</c>, <c>work</c>, <c>{hub}-control-*</c>, <c>{hub}-largemessages</c>,
    /// <c>{hub}History</c>, …; numbered control queues counted together), the benchmark's status polling left out.
    /// </summary>
    public IReadOnlyDictionary<string, long> ByResource => byResource;

    /// <summary>Counts one access-log line; other lines (Azurite's start-up messages) are ignored.</summary>
    public void Record(string line)
    {
        var match = AccessLogLine().Match(line);
        if (!match.Success)
        {
            return;
        }
        var operation = Classify(match.Groups["method"].Value, match.Groups["resource"].Value, match.Groups["rest"].Value);
        requests.AddOrUpdate(operation, 1, (_, count) => count + 1);
        if (operation != StorageOperation.StatusQuery)
        {
            byResource.AddOrUpdate(ResourceKind(match.Groups["resource"].Value), 1, (_, count) => count + 1);
        }
        if (operation != StorageOperation.StatusQuery && long.TryParse(match.Groups["bytes"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes))
        {
            Interlocked.Add(ref responseBytes, bytes);
        }
    }

    private StorageOperation Classify(string method, string resource, string rest)
    {
        var hub = taskHub.ToLowerInvariant();
        var isQueue = resource.StartsWith($"{hub}-control-", StringComparison.Ordinal) || resource == $"{hub}-workitems";
        if (isQueue)
        {
            return StorageOperation.Queue;
        }
        var isBlob = resource == videosContainer || resource == workContainer || resource.StartsWith($"{hub}-", StringComparison.Ordinal);
        if (!isBlob)
        {
            var table = resource.Split('(')[0];
            return table == classificationsTable && method == "GET" ? StorageOperation.StatusQuery : StorageOperation.Table;
        }
        return method switch
        {
            "GET" when rest.Contains("comp=list", StringComparison.Ordinal) => StorageOperation.BlobList,
            "GET" or "HEAD" => StorageOperation.BlobRead,
            "DELETE" => StorageOperation.BlobDelete,
            _ => StorageOperation.BlobWrite,
        };
    }

    private static string ResourceKind(string resource) => ControlQueueNumber().Replace(resource.Split('(')[0], "-control-*");

    [GeneratedRegex("-control-[0-9]+$")]
    private static partial Regex ControlQueueNumber();

    [GeneratedRegex("\"(?<method>[A-Z]+) /devstoreaccount1/(?<resource>[^/?\\s]*)(?<rest>\\S*) HTTP/[0-9.]+\" (?<status>[0-9]{3}) (?<bytes>\\S+)")]
    private static partial Regex AccessLogLine();
}
