using System.Text.Json;
using DurableTask.Core.Serializing;

namespace ExerciseFunctions.LocalHost.Durable;

/// <summary>The TaskHubClient's converter: System.Text.Json with the SDK's default options, so inputs and outputs match the shims'.</summary>
internal sealed class SystemTextJsonDataConverter : DataConverter
{
    public override string? Serialize(object? value) => value is null ? null : JsonSerializer.Serialize(value);

    public override string? Serialize(object? value, bool formatted) => Serialize(value);

    public override object? Deserialize(string? data, Type objectType) => data is null ? null : JsonSerializer.Deserialize(data, objectType);
}
