using System.Text.Json.Nodes;
using ExerciseFunctions.Infra.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace ExerciseFunctions.Infra.Tests;

/// <summary>
/// `azd up` end to end as far as it can be checked offline: azure.yaml names a service that builds the
/// Dockerfile in the registry and lands on the tagged container app; main.parameters.json covers what the
/// template requires; the outputs azd reads exist.
/// </summary>
[Collection(InfraCollection.Name)]
public sealed class AzdTests(InfraFixture infra)
{
    private static readonly YamlMappingNode Project = LoadAzureYaml();

    [Fact]
    public void Service_builds_the_repository_Dockerfile_remotely_for_a_container_app()
    {
        var service = Service();
        var docker = (YamlMappingNode)service["docker"];

        Assert.Equal("containerapp", Scalar(service, "host"));
        Assert.Equal("true", Scalar(docker, "remoteBuild"));
        var project = Path.Combine(RepositoryPaths.Root, Scalar(service, "project"));
        Assert.Equal(RepositoryPaths.Dockerfile, Path.GetFullPath(Path.Combine(project, Scalar(docker, "path"))));
        Assert.Equal(RepositoryPaths.Root, Path.GetFullPath(Path.Combine(project, Scalar(docker, "context"))).TrimEnd('/'));
    }

    [Fact]
    public void Service_is_the_tagged_app_and_azd_updates_it_at_the_template_API_version()
    {
        var (name, service) = Assert.Single(((YamlMappingNode)Project["services"]).Children);
        var app = infra.Snapshots["main.gpu.bicepparam"].Single("Microsoft.App/containerApps");

        Assert.Equal(((YamlScalarNode)name).Value, (string?)app["tags"]!["azd-service-name"]);
        // Otherwise azd's image update writes the app back at its SDK's version, without the scale override.
        Assert.Equal((string?)app["apiVersion"], Scalar((YamlMappingNode)service, "apiVersion"));
    }

    [Fact]
    public void Infra_section_points_at_the_template_and_azd_finds_the_registry_it_pushes_to()
    {
        var infraSection = (YamlMappingNode)Project["infra"];
        var snapshot = infra.Snapshots[InfraFixture.AzdFirstProvision];
        var registry = snapshot.Single("Microsoft.ContainerRegistry/registries");

        Assert.Equal("bicep", Scalar(infraSection, "provider"));
        Assert.True(File.Exists(Path.Combine(RepositoryPaths.Root, Scalar(infraSection, "path"), Scalar(infraSection, "module") + ".bicep")));
        Assert.Equal(
            $"[{DeploymentSnapshot.ReferenceTo(registry, "loginServer")}]",
            (string?)snapshot.Outputs["AZURE_CONTAINER_REGISTRY_ENDPOINT"]);
    }

    [Fact]
    public void Parameter_file_sets_every_parameter_the_template_requires()
    {
        var template = JsonNode.Parse(infra.CompiledTemplate)!["parameters"]!.AsObject();
        var required = template.Where(p => p.Value!["defaultValue"] is null).Select(p => p.Key);
        var set = AzdParameterFile.Read(Path.Combine(RepositoryPaths.Infra, "main.parameters.json")).Keys;

        Assert.Empty(required.Except(set));
        Assert.Contains("appImage", set);
    }

    private static YamlMappingNode Service() =>
        (YamlMappingNode)Assert.Single(((YamlMappingNode)Project["services"]).Children).Value;

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value!;

    private static YamlMappingNode LoadAzureYaml()
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(RepositoryPaths.AzureYaml);
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }
}
