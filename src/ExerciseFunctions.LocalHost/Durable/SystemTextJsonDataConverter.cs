using System.Text.Json;
using DurableTask.Core.Serializing;

namespace ExerciseFunctions.LocalHost.Durable;

/// <summary>The TaskHubClient's converter: System.Text.Json like the SDK's shims, so inputs and outputs match theirs.</summary>
internal sealed class SystemTextJsonDataConverter : DataConverter
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public override string? Serialize(object? value) => value is null ? null : JsonSerializer.Serialize(value, Options);

    public override string? Serialize(object? value, bool formatted) => Serialize(value);

    public override object? Deserialize(string? data, Type objectType) => data is null ? null : JsonSerializer.Deserialize(data, objectType, Options);
}
