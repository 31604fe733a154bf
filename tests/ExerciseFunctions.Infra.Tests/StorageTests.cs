using ExerciseFunctions.Infra.Tests.Support;

namespace ExerciseFunctions.Infra.Tests;

[Collection(InfraCollection.Name)]
public sealed class StorageTests(InfraFixture infra)
{
    [Theory]
    [MemberData(nameof(Deployments))]
    public void Account_accepts_only_Entra_ID_over_TLS_1_2_without_public_blobs(string parameterFile)
    {
        var account = infra.Snapshots[parameterFile].Single("Microsoft.Storage/storageAccounts");
        var properties = account["properties"]!;

        Assert.False((bool)properties["allowSharedKeyAccess"]!);
        Assert.Equal("TLS1_2", (string?)properties["minimumTlsVersion"]);
        Assert.False((bool)properties["allowBlobPublicAccess"]!);
        Assert.True((bool)properties["supportsHttpsTrafficOnly"]!);
    }

    [Fact]
    public void Account_holds_the_pipeline_containers_and_table()
    {
        var snapshot = infra.Snapshots["main.gpu.bicepparam"];
        var account = (string)snapshot.Single("Microsoft.Storage/storageAccounts")["name"]!;

        var containers = snapshot.OfType("Microsoft.Storage/storageAccounts/blobServices/containers")
            .Select(c => (string)c["name"]!).Order();
        var tables = snapshot.OfType("Microsoft.Storage/storageAccounts/tableServices/tables")
            .Select(t => (string)t["name"]!);

        Assert.Equal([$"{account}/default/videos", $"{account}/default/work"], containers);
        Assert.Equal([$"{account}/default/classifications"], tables);
        Assert.Equal(account, (string?)snapshot.Outputs["storageAccountName"]);
    }

    [Fact]
    public void Work_blobs_are_deleted_after_a_day_and_nothing_else_is()
    {
        var policy = infra.Snapshots["main.gpu.bicepparam"].Single("Microsoft.Storage/storageAccounts/managementPolicies");

        var rule = Assert.Single(policy["properties"]!["policy"]!["rules"]!.AsArray())!;
        var definition = rule["definition"]!;
        Assert.True((bool)rule["enabled"]!);
        Assert.Equal(["work/"], definition["filters"]!["prefixMatch"]!.AsArray().Select(p => (string)p!));
        Assert.Equal(1, (int)definition["actions"]!["baseBlob"]!["delete"]!["daysAfterModificationGreaterThan"]!);
    }

    public static TheoryData<string> Deployments() => new(InfraFixture.ParameterFiles);
}
