using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ExerciseFunctions.Infra.Tests.Support;

namespace ExerciseFunctions.Infra.Tests;

/// <summary>No keys are read, passed or returned anywhere in the compiled template.</summary>
[Collection(InfraCollection.Name)]
public sealed partial class SecretsTests(InfraFixture infra)
{
    [Fact]
    public void Template_never_calls_a_list_function()
    {
        // listKeys, listAccountSas, listCredentials, listSecrets ... all hand out credentials.
        var calls = ListFunctionCall().Matches(infra.CompiledTemplate).Select(m => m.Value).ToList();

        Assert.DoesNotContain("listKeys(", infra.CompiledTemplate, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(calls);
    }

    [Fact]
    public void Template_contains_no_connection_string_with_a_key()
    {
        Assert.DoesNotContain("AccountKey=", infra.CompiledTemplate, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("SharedAccessSignature", infra.CompiledTemplate, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\"sharedKey\"", infra.CompiledTemplate, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void No_output_of_the_template_or_its_modules_is_secure_or_key_like()
    {
        var outputs = AllOutputs(JsonNode.Parse(infra.CompiledTemplate)!).ToList();

        Assert.NotEmpty(outputs);
        Assert.All(outputs, output =>
        {
            Assert.DoesNotMatch(KeyLikeName(), output.Name);
            Assert.DoesNotContain("secure", (string)output.Value["type"]!, StringComparison.OrdinalIgnoreCase);
        });
    }

    /// <summary>Outputs of the root template and of every nested (module) deployment.</summary>
    private static IEnumerable<(string Name, JsonNode Value)> AllOutputs(JsonNode? node) => node switch
    {
        JsonObject obj => obj.SelectMany(p => p.Key == "outputs" && p.Value is JsonObject outputs
            ? outputs.Select(o => (o.Key, o.Value!))
            : AllOutputs(p.Value)),
        JsonArray array => array.SelectMany(AllOutputs),
        _ => [],
    };

    [GeneratedRegex(@"\blist[A-Za-z]*\(", RegexOptions.IgnoreCase)]
    private static partial Regex ListFunctionCall();

    [GeneratedRegex("key|secret|password|connectionString|sas", RegexOptions.IgnoreCase)]
    private static partial Regex KeyLikeName();
}
