using System.Globalization;
using System.Text.Json;

namespace OrleansCsms.Testing;

/// <summary>
/// Validates payloads against the official OCPP 1.6 and 2.0.1 JSON schemas (tests/schemas/ocpp1_6.json,
/// ocpp2_0_1.json), interpreting the draft-07 keywords those schemas use. Independent of the product's own validator on purpose: it checks it.
/// </summary>
public static class OfficialSchemas
{
    private static readonly Lazy<Dictionary<string, JsonElement>> V16 = new(() => Load("ocpp1_6.json"));
    private static readonly Lazy<Dictionary<string, JsonElement>> V201 = new(() => Load("ocpp2_0_1.json"));

    /// <summary>Violations of the 1.6 <c>urn:{action}.req</c> or <c>urn:{action}.conf</c>; empty when valid.</summary>
    public static IReadOnlyList<string> ValidateV16(string action, bool request, JsonElement payload) => Validate(V16.Value, action, request, payload);

    /// <summary>Violations of the 2.0.1 <c>urn:{action}.req</c> or <c>urn:{action}.conf</c>; empty when valid.</summary>
    public static IReadOnlyList<string> ValidateV201(string action, bool request, JsonElement payload) => Validate(V201.Value, action, request, payload);

    private static IReadOnlyList<string> Validate(Dictionary<string, JsonElement> schemas, string action, bool request, JsonElement payload)
    {
        var id = $"urn:{action}.{(request ? "req" : "conf")}";
        if (!schemas.TryGetValue(id, out var schema))
        {
            return [$"no official schema {id}"];
        }

        var errors = new List<string>();
        Validate(schema, schema, payload, "$", errors);
        return errors;
    }

    private static Dictionary<string, JsonElement> Load(string file)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "schemas", file);
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.EnumerateArray().ToDictionary(s => s.GetProperty("$id").GetString()!, s => s.Clone());
    }

    private static void Validate(JsonElement root, JsonElement schema, JsonElement value, string path, List<string> errors)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            var name = reference.GetString()!["#/definitions/".Length..];
            Validate(root, root.GetProperty("definitions").GetProperty(name), value, path, errors);
            return;
        }

        if (schema.TryGetProperty("type", out var type) && !HasType(value, type.GetString()!))
        {
            errors.Add($"{path}: expected {type.GetString()}, got {value.ValueKind}");
            return;
        }

        if (schema.TryGetProperty("enum", out var allowed) && !allowed.EnumerateArray().Any(a => a.ValueEquals(value.GetString())))
        {
            errors.Add($"{path}: '{value}' is not one of the allowed values");
        }

        if (schema.TryGetProperty("maxLength", out var maxLength) && value.GetString()!.Length > maxLength.GetInt32())
        {
            errors.Add($"{path}: longer than {maxLength.GetInt32()}");
        }

        if (schema.TryGetProperty("format", out var format) && format.GetString() == "date-time" && !IsDateTime(value.GetString()!))
        {
            errors.Add($"{path}: '{value.GetString()}' is not an RFC 3339 date-time");
        }

        if (schema.TryGetProperty("multipleOf", out var multipleOf) && Math.Abs(Math.IEEERemainder(value.GetDouble(), multipleOf.GetDouble())) > 1e-9)
        {
            errors.Add($"{path}: not a multiple of {multipleOf.GetDouble()}");
        }

        if (schema.TryGetProperty("minimum", out var minimum) && value.GetDouble() < minimum.GetDouble())
        {
            errors.Add($"{path}: below the minimum {minimum.GetDouble()}");
        }

        if (schema.TryGetProperty("maximum", out var maximum) && value.GetDouble() > maximum.GetDouble())
        {
            errors.Add($"{path}: above the maximum {maximum.GetDouble()}");
        }

        if (value.ValueKind == JsonValueKind.Object)
        {
            ValidateObject(root, schema, value, path, errors);
        }
        else if (value.ValueKind == JsonValueKind.Array)
        {
            if (schema.TryGetProperty("minItems", out var minItems) && value.GetArrayLength() < minItems.GetInt32())
            {
                errors.Add($"{path}: fewer than {minItems.GetInt32()} items");
            }

            if (schema.TryGetProperty("maxItems", out var maxItems) && value.GetArrayLength() > maxItems.GetInt32())
            {
                errors.Add($"{path}: more than {maxItems.GetInt32()} items");
            }

            if (schema.TryGetProperty("items", out var items))
            {
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    Validate(root, items, item, $"{path}[{index++}]", errors);
                }
            }
        }
    }

    private static void ValidateObject(JsonElement root, JsonElement schema, JsonElement value, string path, List<string> errors)
    {
        var properties = schema.TryGetProperty("properties", out var p) ? p : default;
        if (schema.TryGetProperty("required", out var required))
        {
            foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
            {
                if (!value.TryGetProperty(name, out _))
                {
                    errors.Add($"{path}.{name}: required but missing");
                }
            }
        }

        foreach (var property in value.EnumerateObject())
        {
            if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(property.Name, out var propertySchema))
            {
                Validate(root, propertySchema, property.Value, $"{path}.{property.Name}", errors);
            }
            else if (schema.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.False)
            {
                errors.Add($"{path}.{property.Name}: not allowed (additionalProperties is false)");
            }
        }
    }

    private static bool HasType(JsonElement value, string type) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        "number" => value.ValueKind == JsonValueKind.Number,
        _ => false,
    };

    private static bool IsDateTime(string text) =>
        text.Length >= 20 && text[10] == 'T' && (text.EndsWith('Z') || text[^6] is '+' or '-')
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
}
