using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ExerciseFunctions.Infra.Tests.Support;

/// <summary>
/// infra/main.parameters.json as azd resolves it: every <c>${NAME}</c> or <c>${NAME=default}</c> replaced from the
/// azd environment, the text converted to the template parameter's type. Written out as a .bicepparam so that
/// `bicep snapshot` evaluates the deployment azd would start.
/// </summary>
public static partial class AzdParameterFile
{
    public static IReadOnlyDictionary<string, string> Read(string path) =>
        JsonNode.Parse(File.ReadAllText(path))!["parameters"]!.AsObject()
            .ToDictionary(p => p.Key, p => (string)p.Value!["value"]!);

    /// <summary>Parameter name → ARM type (string, int, bool, object ...) as the compiled template declares them.</summary>
    public static IReadOnlyDictionary<string, string> DeclaredTypes(string compiledTemplate) =>
        JsonNode.Parse(compiledTemplate)!["parameters"]!.AsObject()
            .ToDictionary(p => p.Key, p => (string)p.Value!["type"]!);

    public static string ToBicepParam(
        IReadOnlyDictionary<string, string> parameters, IReadOnlyDictionary<string, string> declaredTypes,
        IReadOnlyDictionary<string, string> environment)
    {
        var text = new StringBuilder("using 'main.bicep'\n");
        foreach (var (name, value) in parameters)
        {
            Assert.True(declaredTypes.ContainsKey(name), $"main.parameters.json sets '{name}', which main.bicep does not declare.");
            var resolved = Substitute(value, environment);
            text.Append(CultureInfo.InvariantCulture, $"param {name} = {Literal(resolved, declaredTypes[name])}\n");
        }

        return text.ToString();
    }

    private static string Substitute(string value, IReadOnlyDictionary<string, string> environment) =>
        Reference().Replace(value, m => environment.TryGetValue(m.Groups["name"].Value, out var set)
            ? set
            : m.Groups["default"].Success
                ? m.Groups["default"].Value
                : throw new InvalidOperationException($"azd would prompt for {m.Groups["name"].Value}: no value and no default."));

    private static string Literal(string value, string type) => type.ToLowerInvariant() switch
    {
        "int" => int.Parse(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
        "bool" => bool.Parse(value) ? "true" : "false",
        "string" => $"'{value.Replace("\\", "\\\\").Replace("'", "\\'")}'",
        _ => throw new InvalidOperationException($"No conversion for a parameter of type {type}."),
    };

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(=(?<default>[^}]*))?\}")]
    private static partial Regex Reference();
}
