using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansCsms.Grains;

/// <summary>The one JSON shape of grain state and grain messages, shared by the runtime, storage queries and transports.</summary>
public static class GrainJson
{
    /// <summary>camelCase properties, enums as strings, nulls omitted.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
