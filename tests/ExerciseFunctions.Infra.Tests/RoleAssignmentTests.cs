using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ExerciseFunctions.Infra.Tests.Support;

namespace ExerciseFunctions.Infra.Tests;

/// <summary>The app's identity gets exactly the data-plane roles it needs, each on one resource.</summary>
[Collection(InfraCollection.Name)]
public sealed partial class RoleAssignmentTests(InfraFixture infra)
{
    // Built-in role definition ids (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles).
    private const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string AcrPull = "7f951dda-4ed3-4680-a7ca-43fe172d538d";

    [Theory]
    [MemberData(nameof(Deployments))]
    public void Identity_holds_exactly_the_storage_and_registry_roles_scoped_to_those_resources(string parameterFile)
    {
        var snapshot = infra.Snapshots[parameterFile];
        var storageId = (string)snapshot.Single("Microsoft.Storage/storageAccounts")["id"]!;
        var registryId = (string)snapshot.Single("Microsoft.ContainerRegistry/registries")["id"]!;
        var identity = snapshot.Single("Microsoft.ManagedIdentity/userAssignedIdentities");

        var assignments = snapshot.OfType("Microsoft.Authorization/roleAssignments").ToList();

        (string Scope, string Role)[] expected =
        [
            (storageId, StorageBlobDataOwner),
            (storageId, StorageQueueDataContributor),
            (storageId, StorageTableDataContributor),
            (registryId, AcrPull),
        ];
        Assert.Equal(expected.Order(), assignments.Select(a => (ScopeOf(a), RoleOf(a))).Order());
        Assert.All(assignments, a =>
        {
            Assert.Equal($"[{DeploymentSnapshot.ReferenceTo(identity, "principalId")}]", (string?)a["properties"]!["principalId"]);
            Assert.Equal("ServicePrincipal", (string?)a["properties"]!["principalType"]);
        });
    }

    public static TheoryData<string> Deployments() => new(InfraFixture.ParameterFiles);

    private static string RoleOf(JsonObject assignment)
    {
        var roleDefinitionId = (string)assignment["properties"]!["roleDefinitionId"]!;
        var prefix = $"/subscriptions/{DeploymentSnapshot.SubscriptionId}/providers/Microsoft.Authorization/roleDefinitions/";
        Assert.StartsWith(prefix, roleDefinitionId);
        return roleDefinitionId[prefix.Length..];
    }

    /// <summary>The id of an extension resource names its scope: extensionResourceId('scope', ...).</summary>
    private static string ScopeOf(JsonObject assignment)
    {
        var id = (string)assignment["id"]!;
        var match = ExtensionResourceScope().Match(id);
        Assert.True(match.Success, $"Role assignment not scoped to a resource: {id}");
        return match.Groups["scope"].Value;
    }

    [GeneratedRegex(@"^\[extensionResourceId\('(?<scope>[^']+)', 'Microsoft\.Authorization/roleAssignments'")]
    private static partial Regex ExtensionResourceScope();
}
