using Azure.Storage.Blobs;
using ExerciseFunctions.LocalHost;
using ExerciseFunctions.Pipeline.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using ExerciseFunctions.Pipeline.Starting;
using ExerciseFunctions.Pipeline.Storage;
using ExerciseFunctions.Testing;
using ExerciseFunctions.Testing.Azurite;

namespace ExerciseFunctions.Pipeline.Tests.Fixtures;

[CollectionDefinition(Name)]
public sealed class PipelineCollection : ICollectionFixture<PipelineHostFixture>
{
    public const string Name = "Pipeline on Azurite";
}

/// <summary>
/// One Azurite and one local host (worker, watcher, status API) shared by the end-to-end tests. Small windows
/// and chunks keep each classification around a second on two cores while still fanning out.
/// </summary>
public sealed class PipelineHostFixture : IAsyncLifetime
{
    /// <summary>Longer uploads are refused (<c>Pipeline:MaxDurationSeconds</c> below), so no test clip costs more.</summary>
    public const double MaxClipSeconds = 3;

    /// <summary>The deadline for one upload's row: the tests of the collection run one at a time.</summary>
    public static readonly TimeSpan OneUpload = WorkDeadline.ForClassifications(1, MaxClipSeconds);

    private readonly AzuriteFixture azurite = new();

    public LocalPipelineHost Host { get; private set; } = null!;
    public HttpClient Http { get; } = new();
    public RecordedLogs Logs { get; } = new();
    public int HttpPort { get; } = LoopbackPorts.Free();
    public string ConnectionString => azurite.ConnectionString;

    /// <summary>The <c>Pipeline</c> section of the tests' hosts.</summary>
    public static Dictionary<string, string?> TestConfiguration(string connection) => new()
    {
        ["Pipeline:StorageConnection"] = connection,
        ["Pipeline:TaskHub"] = "PipelineTests",
        ["Pipeline:WindowFrames"] = "16",
        ["Pipeline:WindowStride"] = "16",
        ["Pipeline:FlowChunkFrames"] = "8",
        ["Pipeline:MaxDurationSeconds"] = MaxClipSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Pipeline:InferenceThreads"] = "1",
    };

    /// <summary>The test configuration on a task hub and containers of their own, for a second host beside the shared one.</summary>
    public static Dictionary<string, string?> SeparateConfiguration(string connection, string name)
    {
        var configuration = TestConfiguration(connection);
        configuration["Pipeline:TaskHub"] = $"{name}Tests";
        configuration["Pipeline:VideosContainer"] = $"{name.ToLowerInvariant()}-videos";
        configuration["Pipeline:WorkContainer"] = $"{name.ToLowerInvariant()}-work";
        return configuration;
    }

    /// <summary>The options the tests' hosts bind from <see cref="TestConfiguration"/>.</summary>
    public static PipelineOptions TestOptions(string connection) =>
        new ConfigurationBuilder().AddInMemoryCollection(TestConfiguration(connection)).Build()
            .GetSection(PipelineOptions.SectionName).Get<PipelineOptions>()!;

    public async Task InitializeAsync()
    {
        await azurite.InitializeAsync();
        Host = await LocalPipelineHost.StartAsync(new LocalHostSettings
        {
            Configuration = TestConfiguration(ConnectionString),
            HttpPort = HttpPort,
            WatchInterval = TimeSpan.FromMilliseconds(200),
            IdleWatchInterval = TimeSpan.FromMilliseconds(400),
            WorkerId = "tests",
            Logging = logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Debug),
        });
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
        await azurite.DisposeAsync();
    }

    /// <summary>Uploads (overwriting) and returns the instance id the upload will be classified under.</summary>
    public Task<string> UploadAsync(string blobName, byte[] content) => UploadAsync(Host.Storage, blobName, content);

    public static async Task<string> UploadAsync(PipelineStorage storage, string blobName, byte[] content)
    {
        var response = await storage.Videos.GetBlobClient(blobName).UploadAsync(BinaryData.FromBytes(content), overwrite: true);
        return ClassificationStarter.InstanceIdFor(storage.Videos.Name, blobName, response.Value.ETag.ToString());
    }

    public Task<ClassificationRow> WaitForFinishedRowAsync(string blobName, string instanceId) =>
        WaitForFinishedRowAsync(Host, blobName, instanceId, OneUpload);

    /// <summary>Polls the table until the classification's row is Completed or Failed.</summary>
    public static Task<ClassificationRow> WaitForFinishedRowAsync(LocalPipelineHost host, string blobName, string instanceId, TimeSpan deadline) =>
        WorkDeadline.PollAsync(
            deadline,
            async () => await host.Storage.Classifications.GetAsync(host.Storage.Videos.Name, blobName, instanceId) is { } row && row.Status != ClassificationStatus.Running ? row : null,
            async () => $"No finished row for '{blobName}' ({instanceId}); orchestration: {await host.Worker.Gateway.GetStateAsync(instanceId, CancellationToken.None)}.");

    public string StatusUrl(string blobName) => LocalHost.Http.StatusApi.StatusUrl(HttpPort, blobName);

    public BlobContainerClient Videos => Host.Storage.Videos;
}
