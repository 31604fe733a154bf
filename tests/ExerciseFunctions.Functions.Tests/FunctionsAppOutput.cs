using System.Text.Json.Nodes;

namespace ExerciseFunctions.Functions.Tests;

/// <summary>The app's generated files as its build wrote them (copied next to the tests by the project file).</summary>
internal static class FunctionsAppOutput
{
    public static JsonNode Read(string file)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "FunctionsApp", file);
        Assert.True(File.Exists(path), $"{path} is missing: the Functions app's build did not produce it.");
        return JsonNode.Parse(File.ReadAllText(path))!;
    }
}
