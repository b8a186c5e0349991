using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansCsms.Grains;

/// <summary>The one JSON shape of grain state and grain messages, shared by the runtime, storage queries and transports.</summary>
public static class GrainJson
{
    /// <summary>camelCase properties, enums as strings, nulls omitted, every string storable (see <see cref="StorableText"/>).</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.Converters.Add(new StorableStringConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>
    /// Writes strings by <see cref="StorableText"/>'s rule. Left alone, System.Text.Json writes U+0000 as "\u0000",
    /// which PostgreSQL's jsonb rejects, failing the whole write; it already turns unpaired surrogates into U+FFFD.
    /// </summary>
    private sealed class StorableStringConverter : JsonConverter<string>
    {
        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetString();

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
            writer.WriteStringValue(StorableText.Clean(value));

        public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetString()!;

        public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
            writer.WritePropertyName(StorableText.Clean(value));
    }
}
