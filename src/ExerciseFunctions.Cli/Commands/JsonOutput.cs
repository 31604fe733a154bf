using System.Text.Json;

namespace ExerciseFunctions.Cli.Commands;

internal static class JsonOutput
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
