using Azure.Identity;
using ExerciseFunctions.Pipeline.Storage;
using ExerciseFunctions.Pipeline.Configuration;
using Microsoft.Extensions.Configuration;

namespace ExerciseFunctions.Pipeline.Tests.Hosting;

/// <summary>Resolving <c>Pipeline__StorageConnection</c> from the settings local.settings.json and infra/ produce (no network).</summary>
public sealed class StorageConnectionTests
{
    private const string Azurite = "UseDevelopmentStorage=true";

    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key.Replace("__", ":"), (string?)v.Value))).Build();

    [Fact]
    public void A_connection_name_with_a_connection_string_resolves_to_that_string()
    {
        var connection = StorageConnection.Resolve(Settings(("VideoStorage", Azurite)), "VideoStorage");

        Assert.Equal(new StorageConnection.ConnectionString(Azurite), connection);
        var storage = connection.CreatePipelineStorage(new PipelineOptions { VideosContainer = "uploads" });
        Assert.Equal("http://127.0.0.1:10000/devstoreaccount1/uploads", storage.Videos.Uri.ToString());
    }

    [Fact]
    public void A_setting_that_names_no_connection_is_itself_the_connection_string()
    {
        var connection = StorageConnection.Resolve(Settings(), Azurite);

        Assert.Equal(new StorageConnection.ConnectionString(Azurite), connection);
        Assert.Equal("http://127.0.0.1:10002/devstoreaccount1", connection.CreateTableServiceClient().Uri.ToString().TrimEnd('/'));
    }

    [Fact]
    public void The_deployed_identity_connection_builds_clients_on_its_endpoints_with_the_managed_identity()
    {
        var settings = Settings(
            ("VideoStorage__blobServiceUri", "https://acct.blob.core.windows.net/"),
            ("VideoStorage__queueServiceUri", "https://acct.queue.core.windows.net/"),
            ("VideoStorage__tableServiceUri", "https://acct.table.core.windows.net/"),
            ("VideoStorage__credential", "managedidentity"),
            ("VideoStorage__clientId", "00000000-0000-0000-0000-000000000001"),
            ("Pipeline__StorageConnection", "VideoStorage"));

        var identity = Assert.IsType<StorageConnection.Identity>(StorageConnection.Resolve(settings, settings["Pipeline:StorageConnection"]!));

        Assert.IsType<ManagedIdentityCredential>(identity.Credential);
        Assert.Equal("acct.blob.core.windows.net", identity.CreateBlobServiceClient().Uri.Host);
        Assert.Equal("acct.table.core.windows.net", identity.CreateTableServiceClient().Uri.Host);
        var storage = identity.CreatePipelineStorage(new PipelineOptions());
        Assert.Equal("https://acct.blob.core.windows.net/videos", storage.Videos.Uri.ToString());
    }

    [Fact]
    public void An_identity_connection_without_a_table_endpoint_is_refused_with_the_reason()
    {
        var settings = Settings(("VideoStorage__blobServiceUri", "https://acct.blob.core.windows.net/"));

        var error = Assert.Throws<InvalidOperationException>(() => StorageConnection.Resolve(settings, "VideoStorage"));
        Assert.Contains("tableServiceUri", error.Message);
    }

    [Fact]
    public void An_empty_setting_says_what_to_set() =>
        Assert.Contains("Pipeline:StorageConnection", Assert.Throws<InvalidOperationException>(() => StorageConnection.Resolve(Settings(), " ")).Message);
}
