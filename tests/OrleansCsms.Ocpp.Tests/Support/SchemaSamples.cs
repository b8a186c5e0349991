using System.Text.Json.Nodes;

namespace OrleansCsms.Ocpp.Tests;

/// <summary>Builds payloads that a schema accepts, straight from the official schema text.</summary>
internal static class SchemaSamples
{
    public const string DateTime = "2025-01-15T10:00:00Z";

    /// <summary>Every declared property present, strings at their maximum length, arrays with two items.</summary>
    public static JsonObject Maximal(OfficialSchema schema) => (JsonObject)Build(schema, schema.Root, everything: true);

    /// <summary>Only the required properties, arrays at their minimum size.</summary>
    public static JsonObject Minimal(OfficialSchema schema) => (JsonObject)Build(schema, schema.Root, everything: false);

    private static JsonNode Build(OfficialSchema schema, JsonObject node, bool everything)
    {
        node = schema.Resolve(node);
        switch (node["type"]?.GetValue<string>())
        {
            case "object":
                var result = new JsonObject();
                var required = node["required"]?.AsArray().Select(r => r!.GetValue<string>()).ToHashSet() ?? [];
                foreach (var (name, property) in node["properties"]?.AsObject() ?? [])
                {
                    if (everything || required.Contains(name))
                    {
                        result[name] = Build(schema, property!.AsObject(), everything);
                    }
                }

                return result;
            case "array":
                var minItems = node["minItems"]?.GetValue<int>() ?? 0;
                var maxItems = node["maxItems"]?.GetValue<int>() ?? int.MaxValue;
                var count = everything ? Math.Min(Math.Max(2, minItems), maxItems) : minItems;
                var items = new JsonArray();
                for (var i = 0; i < count; i++)
                {
                    items.Add(Build(schema, node["items"]!.AsObject(), everything));
                }

                return items;
            case "string":
                return JsonValue.Create(String(node));
            case "integer":
                return JsonValue.Create(Math.Clamp(42, node["minimum"]?.GetValue<int>() ?? int.MinValue, node["maximum"]?.GetValue<int>() ?? int.MaxValue));
            case "number":
                return JsonValue.Create(12.3m);
            case "boolean":
                return JsonValue.Create(true);
            case null when node.All(p => p.Key == "description"):
                // A node without a type (2.0.1's DataTransfer data) takes any value; an object shows it need not be a string.
                return new JsonObject { ["free"] = "data" };
            default:
                throw new InvalidOperationException($"{schema.Id}: no sample for {node.ToJsonString()}.");
        }
    }

    private static string String(JsonObject node)
    {
        if (node["enum"] is JsonArray values)
        {
            return values[^1]!.GetValue<string>();
        }

        return node["format"]?.GetValue<string>() switch
        {
            "date-time" => DateTime,
            "uri" => "ftp://diagnostics.example.com/upload",
            _ => node["maxLength"] is { } maxLength ? new string('s', maxLength.GetValue<int>()) : "free text",
        };
    }
}
