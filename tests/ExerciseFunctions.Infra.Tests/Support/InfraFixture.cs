using System.Text.Json.Nodes;

namespace ExerciseFunctions.Infra.Tests.Support;

/// <summary>
/// Runs the Bicep CLI once for the whole test run on a copy of infra/ and the host.json it reads
/// (snapshots are written next to the parameter files): compiles the template and both parameter
/// files, lints everything, and snapshots the dev and GPU deployments, azd's parameter file with its
/// defaults, and a deployment after azd has built the image.
/// </summary>
public sealed class InfraFixture : IAsyncLifetime
{
    public static readonly string[] ParameterFiles = ["main.dev.bicepparam", "main.gpu.bicepparam"];

    /// <summary>The app registration id the parameter files read from API_CLIENT_ID.</summary>
    public const string ApiClientId = "11111111-2222-3333-4444-555555555555";

    /// <summary>infra/main.parameters.json as azd fills it on a first `azd up`: every default, no image yet.</summary>
    public const string AzdFirstProvision = "azd-first-provision.bicepparam";

    /// <summary>A later provision, after azd deployed <see cref="DeployedImage"/>.</summary>
    public const string AzdAfterDeploy = "azd-after-deploy.bicepparam";

    public const string DeployedImage = "crexample.azurecr.io/exercisefunctions/functions-dev:azd-deploy-1";

    private readonly string copyRoot =
        Path.Combine(Path.GetTempPath(), "exercise-infra-tests-" + Guid.NewGuid().ToString("N"));

    private string WorkDirectory => Path.Combine(copyRoot, "infra");

    public ProcessResult TemplateBuild { get; private set; } = null!;

    public IReadOnlyDictionary<string, ProcessResult> ParameterBuilds { get; private set; } = null!;

    public ProcessResult Lint { get; private set; } = null!;

    public IReadOnlyDictionary<string, DeploymentSnapshot> Snapshots { get; private set; } = null!;

    /// <summary>The compiled ARM template (main.bicep with its modules inlined).</summary>
    public string CompiledTemplate => TemplateBuild.StandardOutput;

    public async Task InitializeAsync()
    {
        CopyDirectory(RepositoryPaths.Infra, WorkDirectory);
        File.Copy(RepositoryPaths.HostJson, Path.Combine(copyRoot, "host.json"));
        var build = Run("build", "main.bicep", "--stdout");
        var lint = Run("lint", "--pattern", "**/*.bicep*");
        var parameterBuilds = ParameterFiles.ToDictionary(f => f, f => Run("build-params", f, "--stdout"));
        TemplateBuild = await build;
        var azdParameters = AzdParameterFile.Read(Path.Combine(WorkDirectory, "main.parameters.json"));
        var declared = AzdParameterFile.DeclaredTypes(CompiledTemplate);
        var variables = new Dictionary<string, string> { ["AZURE_LOCATION"] = DeploymentSnapshot.Location, ["API_CLIENT_ID"] = ApiClientId };
        await File.WriteAllTextAsync(Path.Combine(WorkDirectory, AzdFirstProvision), AzdParameterFile.ToBicepParam(azdParameters, declared, variables));
        variables["SERVICE_FUNCTIONS_IMAGE_NAME"] = DeployedImage;
        await File.WriteAllTextAsync(Path.Combine(WorkDirectory, AzdAfterDeploy), AzdParameterFile.ToBicepParam(azdParameters, declared, variables));
        var snapshotFiles = ParameterFiles.Append(AzdFirstProvision).Append(AzdAfterDeploy).ToList();
        var snapshots = snapshotFiles.ToDictionary(f => f, SnapshotAsync);

        await Task.WhenAll([lint, .. parameterBuilds.Values, .. snapshots.Values]);
        Lint = await lint;
        ParameterBuilds = parameterBuilds.ToDictionary(p => p.Key, p => p.Value.Result);
        Snapshots = snapshots.ToDictionary(s => s.Key, s => s.Value.Result);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(copyRoot, recursive: true);
        return Task.CompletedTask;
    }

    private Task<ProcessResult> Run(params string[] arguments) => BicepCli.RunAsync(WorkDirectory, arguments);

    private async Task<DeploymentSnapshot> SnapshotAsync(string parameterFile)
    {
        var result = await Run(
            "snapshot", parameterFile,
            "--subscription-id", DeploymentSnapshot.SubscriptionId,
            "--resource-group", DeploymentSnapshot.ResourceGroup,
            "--location", DeploymentSnapshot.Location);
        Assert.True(result.ExitCode == 0, $"bicep snapshot {parameterFile} failed:\n{result.StandardError}");
        var snapshotPath = Path.Combine(WorkDirectory, Path.ChangeExtension(parameterFile, ".snapshot.json"));
        var document = JsonNode.Parse(await File.ReadAllTextAsync(snapshotPath))!.AsObject();
        Assert.True(document["diagnostics"]!.AsArray().Count == 0, $"bicep snapshot {parameterFile}: {document["diagnostics"]}");
        return new DeploymentSnapshot(document);
    }

    private static void CopyDirectory(string source, string destination)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(destination, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class InfraCollection : ICollectionFixture<InfraFixture>
{
    public const string Name = "infra";
}
