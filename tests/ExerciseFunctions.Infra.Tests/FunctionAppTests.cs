using System.Text.Json.Nodes;
using ExerciseFunctions.Infra.Tests.Support;

namespace ExerciseFunctions.Infra.Tests;

[Collection(InfraCollection.Name)]
public sealed class FunctionAppTests(InfraFixture infra)
{
    private const string Gpu = "main.gpu.bicepparam";

    [Theory]
    [InlineData("main.dev.bicepparam", "Consumption", "cpu")]
    [InlineData(Gpu, "Consumption-GPU-NC8as-T4", "cuda")]
    public void App_runs_on_the_workload_profile_the_parameter_file_chooses(
        string parameterFile, string profileType, string inferenceDevice)
    {
        var snapshot = infra.Snapshots[parameterFile];
        var environment = snapshot.Single("Microsoft.App/managedEnvironments");
        var app = snapshot.Single("Microsoft.App/containerApps");

        var profile = Assert.Single(
            environment["properties"]!["workloadProfiles"]!.AsArray(),
            p => (string?)p!["workloadProfileType"] == profileType)!;
        Assert.Equal("functionapp", (string?)app["kind"]);
        Assert.Equal((string?)environment["id"], (string?)app["properties"]!["managedEnvironmentId"]);
        Assert.Equal((string?)profile["name"], (string?)app["properties"]!["workloadProfileName"]);
        Assert.Equal(inferenceDevice, Settings(app)["Pipeline__InferenceDevice"]);
    }

    [Theory]
    [MemberData(nameof(Deployments))]
    public void At_least_one_replica_stays_warm(string parameterFile)
    {
        var scale = App(parameterFile)["properties"]!["template"]!["scale"]!;

        Assert.True((int)scale["minReplicas"]! >= 1);
        Assert.True((int)scale["maxReplicas"]! >= (int)scale["minReplicas"]!);
    }

    [Fact]
    public void Replicas_scale_out_on_the_durable_activity_queue_read_with_the_identity()
    {
        var snapshot = infra.Snapshots[Gpu];
        var identityId = (string)snapshot.Single("Microsoft.ManagedIdentity/userAssignedIdentities")["id"]!;
        var storageName = (string)snapshot.Single("Microsoft.Storage/storageAccounts")["name"]!;
        var taskHub = (string)JsonNode.Parse(File.ReadAllText(RepositoryPaths.HostJson))!["extensions"]!["durableTask"]!["hubName"]!;

        var rule = Assert.Single(App(Gpu)["properties"]!["template"]!["scale"]!["rules"]!.AsArray())!["custom"]!;

        Assert.Equal("azure-queue", (string?)rule["type"]);
        Assert.Equal(identityId, (string?)rule["identity"]);
        Assert.Equal(storageName, (string?)rule["metadata"]!["accountName"]);
        Assert.Equal($"{taskHub.ToLowerInvariant()}-workitems", (string?)rule["metadata"]!["queueName"]);
        Assert.Null(rule["auth"]);
    }

    [Theory]
    [MemberData(nameof(Deployments))]
    public void Platform_accepts_the_custom_rule_because_the_override_is_on_at_an_API_version_that_has_it(string parameterFile)
    {
        // Functions on Container Apps blocks user scale rules unless allowScalingRuleOverride is true, a
        // property of REST API 2026-03-02-preview and later; older versions would drop it silently.
        var app = App(parameterFile);

        Assert.True(string.CompareOrdinal((string)app["apiVersion"]!, "2026-03-02-preview") >= 0, $"apiVersion {app["apiVersion"]}");
        Assert.Equal(true, (bool?)app["properties"]!["template"]!["scale"]!["allowScalingRuleOverride"]);
    }

    [Theory]
    [MemberData(nameof(Deployments))]
    public void Ingress_targets_the_port_the_host_listens_on_in_the_placeholder_and_in_the_built_image(string parameterFile)
    {
        var app = App(parameterFile);
        var port = (int)app["properties"]!["configuration"]!["ingress"]!["targetPort"]!;

        Assert.Equal($"http://+:{port}", Settings(app)["ASPNETCORE_URLS"]);
        Assert.Contains($"ASPNETCORE_URLS=http://+:{port} ", File.ReadAllText(RepositoryPaths.Dockerfile));
    }

    [Fact]
    public void Host_and_pipeline_storage_connections_use_the_managed_identity()
    {
        var snapshot = infra.Snapshots[Gpu];
        var storage = snapshot.Single("Microsoft.Storage/storageAccounts");
        var identity = snapshot.Single("Microsoft.ManagedIdentity/userAssignedIdentities");
        var clientId = $"[{DeploymentSnapshot.ReferenceTo(identity, "clientId")}]";
        var settings = Settings(App(Gpu));

        Assert.Equal((string?)storage["name"], settings["AzureWebJobsStorage__accountName"]);
        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
        Assert.Equal(clientId, settings["AzureWebJobsStorage__clientId"]);
        foreach (var service in new[] { "blob", "queue", "table" })
        {
            Assert.Equal(
                $"[{DeploymentSnapshot.ReferenceTo(storage, $"primaryEndpoints.{service}")}]",
                settings[$"VideoStorage__{service}ServiceUri"]);
        }

        Assert.Equal("managedidentity", settings["VideoStorage__credential"]);
        Assert.Equal(clientId, settings["VideoStorage__clientId"]);
        Assert.Equal("VideoStorage", settings["Pipeline__StorageConnection"]);
        Assert.False(settings.ContainsKey("AzureWebJobsStorage"), "a plain AzureWebJobsStorage would be a connection string");
    }

    [Fact]
    public void Telemetry_goes_to_the_deployed_Application_Insights()
    {
        var snapshot = infra.Snapshots[Gpu];
        var appInsights = snapshot.Single("Microsoft.Insights/components");

        Assert.Equal(
            $"[{DeploymentSnapshot.ReferenceTo(appInsights, "ConnectionString")}]",
            Settings(App(Gpu))["APPLICATIONINSIGHTS_CONNECTION_STRING"]);
    }

    [Fact]
    public void Image_is_pulled_with_the_identity_and_the_app_holds_no_secrets()
    {
        var snapshot = infra.Snapshots[Gpu];
        var identityId = (string)snapshot.Single("Microsoft.ManagedIdentity/userAssignedIdentities")["id"]!;
        var app = App(Gpu);
        var configuration = app["properties"]!["configuration"]!;

        Assert.Equal("UserAssigned", (string?)app["identity"]!["type"]);
        Assert.True(app["identity"]!["userAssignedIdentities"]!.AsObject().ContainsKey(identityId));
        var registry = Assert.Single(configuration["registries"]!.AsArray())!;
        Assert.Equal(identityId, (string?)registry["identity"]);
        Assert.Null(registry["passwordSecretRef"]);
        Assert.Null(configuration["secrets"]);
        Assert.All(Container(app)["env"]!.AsArray(), e => Assert.Null(e!["secretRef"]));
    }

    [Fact]
    public void First_provision_runs_the_empty_Functions_base_image_until_azd_deploys_the_built_one()
    {
        // `azd up` provisions before the image exists: the app must start from a public image, and a later
        // provision (azd passes SERVICE_FUNCTIONS_IMAGE_NAME) must keep the image azd deployed.
        var first = Container(infra.Snapshots[InfraFixture.AzdFirstProvision].Single("Microsoft.App/containerApps"));
        var later = Container(infra.Snapshots[InfraFixture.AzdAfterDeploy].Single("Microsoft.App/containerApps"));

        Assert.Equal("mcr.microsoft.com/azure-functions/dotnet-isolated:4-dotnet-isolated10.0", (string?)first["image"]);
        Assert.Equal(InfraFixture.DeployedImage, (string?)later["image"]);
    }

    public static TheoryData<string> Deployments() => new(InfraFixture.ParameterFiles);

    private JsonObject App(string parameterFile) => infra.Snapshots[parameterFile].Single("Microsoft.App/containerApps");

    private static JsonNode Container(JsonObject app) =>
        Assert.Single(app["properties"]!["template"]!["containers"]!.AsArray())!;

    private static Dictionary<string, string?> Settings(JsonObject app) =>
        Container(app)["env"]!.AsArray().ToDictionary(e => (string)e!["name"]!, e => (string?)e!["value"]);
}
