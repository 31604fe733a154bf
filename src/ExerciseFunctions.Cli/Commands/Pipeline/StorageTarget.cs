using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using ExerciseFunctions.Pipeline.Configuration;
using ExerciseFunctions.Pipeline.Storage;

namespace ExerciseFunctions.Cli.Commands.Pipeline;

/// <summary>
/// The storage submit and status talk to: a connection string (Azurite, or an account with shared keys), or an
/// account's blob endpoint signed in with Entra ID (<see cref="DefaultAzureCredential"/>: az login, azd, environment,
/// managed identity), the table endpoint derived from it. The deployed account has shared keys off, so Azure needs
/// the second. Retries are few and short, so an unreachable endpoint fails in seconds, not half a minute.
/// </summary>
internal static class StorageTarget
{
    public static PipelineStorage Open(PipelineOptions options, Uri? account, TimeSpan networkTimeout)
    {
        var blobOptions = Bounded(new BlobClientOptions(), networkTimeout);
        var tableOptions = Bounded(new TableClientOptions(), networkTimeout);
        if (account is not null)
        {
            var credential = new DefaultAzureCredential();
            return new PipelineStorage(options, new BlobServiceClient(account, credential, blobOptions), new TableServiceClient(TableEndpoint(account), credential, tableOptions));
        }

        try
        {
            return new PipelineStorage(options, new BlobServiceClient(options.StorageConnection, blobOptions), new TableServiceClient(options.StorageConnection, tableOptions));
        }
        catch (Exception e) when (e is FormatException or ArgumentException or UriFormatException)
        {
            throw new UsageException($"the storage connection string is not valid ({e.Message.Split('\n', 2)[0].Trim()}); give --connection or --account.");
        }
    }

    /// <summary>https://&lt;name&gt;.blob.&lt;suffix&gt;/ → https://&lt;name&gt;.table.&lt;suffix&gt;/ (any cloud's suffix).</summary>
    public static Uri TableEndpoint(Uri account)
    {
        var labels = account.Host.Split('.');
        if (labels.Length < 3 || !string.Equals(labels[1], "blob", StringComparison.OrdinalIgnoreCase))
        {
            throw new UsageException($"--account must be an account's blob endpoint, like https://<name>.blob.core.windows.net (got {account}).");
        }
        labels[1] = "table";
        return new UriBuilder(account) { Host = string.Join('.', labels), Path = "/" }.Uri;
    }

    public static Uri ParseAccount(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"
            ? uri
            : throw new UsageException($"--account is not an http(s) URL: {value}");

    private static T Bounded<T>(T options, TimeSpan networkTimeout) where T : ClientOptions
    {
        options.Retry.MaxRetries = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(500);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(2);
        options.Retry.NetworkTimeout = networkTimeout;
        return options;
    }
}
