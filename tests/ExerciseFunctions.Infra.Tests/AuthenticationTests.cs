using System.Text.Json.Nodes;
using ExerciseFunctions.Infra.Tests.Support;

namespace ExerciseFunctions.Infra.Tests;

/// <summary>
/// The HTTP API answers only callers with an Entra ID token for the app registration: Container Apps
/// authentication in front of the app (authConfigs), 401 for everyone else, no path left open.
/// </summary>
[Collection(InfraCollection.Name)]
public sealed class AuthenticationTests(InfraFixture infra)
{
    [Theory]
    [MemberData(nameof(Deployments))]
    public void Unauthenticated_requests_get_401_on_every_path(string parameterFile)
    {
        var settings = AuthConfig(parameterFile)["properties"]!;

        Assert.Equal(true, (bool?)settings["platform"]!["enabled"]);
        Assert.Equal("Return401", (string?)settings["globalValidation"]!["unauthenticatedClientAction"]);
        Assert.Null(settings["globalValidation"]!["excludedPaths"]);
        Assert.Equal(true, (bool?)settings["httpSettings"]!["requireHttps"]);
    }

    [Theory]
    [MemberData(nameof(Deployments))]
    public void Tokens_are_validated_against_the_app_registration_in_the_deployment_tenant(string parameterFile)
    {
        var entra = AuthConfig(parameterFile)["properties"]!["identityProviders"]!["azureActiveDirectory"]!;

        Assert.Equal(true, (bool?)entra["enabled"]);
        Assert.Equal(InfraFixture.ApiClientId, (string?)entra["registration"]!["clientId"]);
        Assert.Equal(
            "[format('{0}{1}/v2.0', environment().authentication.loginEndpoint, tenant().tenantId)]",
            (string?)entra["registration"]!["openIdIssuer"]);
        Assert.Equal(
            [$"api://{InfraFixture.ApiClientId}", InfraFixture.ApiClientId],
            entra["validation"]!["allowedAudiences"]!.AsArray().Select(a => (string)a!));
        // Bearer tokens only: no login flow, so no client secret to store.
        Assert.Null(entra["registration"]!["clientSecretSettingName"]);
    }

    [Theory]
    [MemberData(nameof(Deployments))]
    public void Authentication_guards_the_function_app_over_HTTPS_only(string parameterFile)
    {
        var snapshot = infra.Snapshots[parameterFile];
        var app = snapshot.Single("Microsoft.App/containerApps");

        Assert.Equal($"{(string)app["name"]!}/current", (string?)AuthConfig(parameterFile)["name"]);
        Assert.Equal(false, (bool?)app["properties"]!["configuration"]!["ingress"]!["allowInsecure"]);
    }

    public static TheoryData<string> Deployments() => new(InfraFixture.ParameterFiles);

    private JsonObject AuthConfig(string parameterFile) =>
        infra.Snapshots[parameterFile].Single("Microsoft.App/containerApps/authConfigs");
}
