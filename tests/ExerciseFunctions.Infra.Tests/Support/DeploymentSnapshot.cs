using System.Text.Json.Nodes;

namespace ExerciseFunctions.Infra.Tests.Support;

/// <summary>
/// What `bicep snapshot` predicts a deployment creates: every resource of every module, with the
/// expressions it can evaluate offline (names, ids, parameters) already evaluated. Values that only
/// exist after deployment (principal ids, endpoints) stay as ARM expressions.
/// </summary>
public sealed class DeploymentSnapshot(JsonObject document)
{
    public const string SubscriptionId = "00000000-0000-0000-0000-0000000000aa";
    public const string ResourceGroup = "rg-exercise-tests";
    public const string Location = "westus3";

    public IReadOnlyList<JsonObject> Resources { get; } =
        document["predictedResources"]!.AsArray().Select(r => r!.AsObject()).ToList();

    public JsonObject Outputs { get; } = document["outputs"]!.AsObject();

    public IEnumerable<JsonObject> OfType(string type) =>
        Resources.Where(r => string.Equals((string?)r["type"], type, StringComparison.OrdinalIgnoreCase));

    public JsonObject Single(string type)
    {
        var matches = OfType(type).ToList();
        Assert.True(matches.Count == 1, $"Expected one {type}, found {matches.Count}.");
        return matches[0];
    }

    /// <summary>The ARM expression that reads a property of a deployed resource, as the snapshot writes it.</summary>
    public static string ReferenceTo(JsonObject resource, string property) =>
        $"reference('{(string)resource["id"]!}', '{(string)resource["apiVersion"]!}').{property}";
}
