using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using ExerciseFunctions.Pipeline.Configuration;
using Microsoft.Extensions.Configuration;

namespace ExerciseFunctions.Pipeline.Storage;

/// <summary>
/// Where the pipeline's blobs and table live. <c>Pipeline:StorageConnection</c> holds a connection string or the name
/// of a Functions connection, read the way the blob trigger reads it: a connection string under that name (Azurite:
/// <c>VideoStorage=UseDevelopmentStorage=true</c>) or an identity-based connection (<c>VideoStorage__blobServiceUri</c>,
/// <c>__tableServiceUri</c>, <c>__credential=managedidentity</c>, <c>__clientId</c>, as infra/ deploys it).
/// </summary>
public abstract record StorageConnection
{
    public abstract BlobServiceClient CreateBlobServiceClient();

    public abstract TableServiceClient CreateTableServiceClient();

    public PipelineStorage CreatePipelineStorage(PipelineOptions options) =>
        new(options, CreateBlobServiceClient(), CreateTableServiceClient());

    public static StorageConnection Resolve(IConfiguration configuration, string setting)
    {
        if (string.IsNullOrWhiteSpace(setting))
        {
            throw new InvalidOperationException($"{PipelineOptions.SectionName}:StorageConnection is empty: set a connection string or the name of a connection (e.g. VideoStorage).");
        }
        var named = configuration.GetSection(setting);
        if (!string.IsNullOrWhiteSpace(named.Value))
        {
            return new ConnectionString(named.Value);
        }
        if (named["blobServiceUri"] is { } blobUri)
        {
            var tableUri = named["tableServiceUri"]
                ?? throw new InvalidOperationException($"Connection '{setting}' has a blobServiceUri but no tableServiceUri; the classifications table needs both.");
            return new Identity(new Uri(blobUri), new Uri(tableUri), CredentialFrom(named));
        }
        return new ConnectionString(setting);
    }

    /// <summary>The Functions host's convention: <c>credential=managedidentity</c> with an optional user-assigned <c>clientId</c>.</summary>
    private static TokenCredential CredentialFrom(IConfigurationSection connection)
    {
        if (!string.Equals(connection["credential"], "managedidentity", StringComparison.OrdinalIgnoreCase))
        {
            return new DefaultAzureCredential();
        }
        var clientId = connection["clientId"];
        return new ManagedIdentityCredential(string.IsNullOrWhiteSpace(clientId)
            ? ManagedIdentityId.SystemAssigned
            : ManagedIdentityId.FromUserAssignedClientId(clientId));
    }

    public sealed record ConnectionString(string Value) : StorageConnection
    {
        public override BlobServiceClient CreateBlobServiceClient() => new(Value);

        public override TableServiceClient CreateTableServiceClient() => new(Value);
    }

    public sealed record Identity(Uri BlobServiceUri, Uri TableServiceUri, TokenCredential Credential) : StorageConnection
    {
        public override BlobServiceClient CreateBlobServiceClient() => new(BlobServiceUri, Credential);

        public override TableServiceClient CreateTableServiceClient() => new(TableServiceUri, Credential);
    }
}
