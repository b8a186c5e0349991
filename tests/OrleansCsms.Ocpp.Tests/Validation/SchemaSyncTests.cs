using System.Text.Json.Nodes;
using OrleansCsms.Ocpp.V16;

namespace OrleansCsms.Ocpp.Tests.Validation;

/// <summary>The committed descriptors must say what the official schema file says; regenerate if these fail.</summary>
public sealed class SchemaSyncTests
{
    [Fact]
    public void Every_schema_in_the_file_has_a_descriptor()
    {
        foreach (var schema in OfficialSchemas.V16)
        {
            var found = schema.IsRequest
                ? V16Schemas.TryGetRequestSchema(schema.Action, out _)
                : V16Schemas.TryGetConfirmationSchema(schema.Action, out _);

            Assert.True(found, $"Expected a descriptor for {schema.Id}; regenerate with OrleansCsms.Ocpp.SchemaGen.");
        }
    }

    [Fact]
    public void Every_descriptor_has_a_schema_in_the_file()
    {
        var ids = OfficialSchemas.V16.Select(s => s.Id).ToHashSet();

        foreach (var action in V16Schemas.Actions)
        {
            Assert.True(ids.Contains($"urn:{action}.req"), $"Expected the schema file to define urn:{action}.req, which has a descriptor.");
            Assert.True(V16Schemas.TryGetConfirmationSchema(action, out _), $"Expected {action} to have a confirmation descriptor too.");
            Assert.True(ids.Contains($"urn:{action}.conf"), $"Expected the schema file to define urn:{action}.conf, which has a descriptor.");
        }

        Expect.Equal(ids.Count, V16Schemas.Actions.Count * 2, "the number of schemas compared with two per described action");
    }

    [Theory]
    [MemberData(nameof(OfficialSchemas.V16Ids), MemberType = typeof(OfficialSchemas))]
    public void Each_descriptor_encodes_exactly_its_schema(string id)
    {
        var schema = OfficialSchemas.Get(id);
        var descriptor = schema.IsRequest
            ? (V16Schemas.TryGetRequestSchema(schema.Action, out var request) ? request : null)
            : (V16Schemas.TryGetConfirmationSchema(schema.Action, out var confirmation) ? confirmation : null);
        Assert.NotNull(descriptor);

        Compare(schema, schema.Root, descriptor, id);
    }

    private static void Compare(OfficialSchema schema, JsonObject node, SchemaNode descriptor, string path)
    {
        node = schema.Resolve(node);
        var type = node["type"]!.GetValue<string>();
        Expect.Equal(type, Name(descriptor.Type), $"the type at {path}");
        switch (descriptor.Type)
        {
            case SchemaType.Object:
                var properties = node["properties"]?.AsObject().ToList() ?? [];
                var required = node["required"]?.AsArray().Select(r => r!.GetValue<string>()).ToHashSet() ?? [];
                Expect.Equal(
                    string.Join(",", properties.Select(p => p.Key)),
                    string.Join(",", descriptor.Properties.Select(p => p.Name)),
                    $"the properties at {path}");
                Expect.Equal(node["additionalProperties"]?.GetValue<bool>() ?? true, descriptor.AdditionalProperties, $"additionalProperties at {path}");
                foreach (var (declared, property) in properties.Zip(descriptor.Properties))
                {
                    Expect.Equal(required.Contains(declared.Key), property.IsRequired, $"whether {path}.{declared.Key} is required");
                    Compare(schema, declared.Value!.AsObject(), property.Schema, $"{path}.{declared.Key}");
                }

                break;
            case SchemaType.Array:
                Expect.Equal(node["minItems"]?.GetValue<int>() ?? 0, descriptor.MinItems, $"minItems at {path}");
                Compare(schema, node["items"]!.AsObject(), descriptor.Items!, $"{path}[]");
                break;
            case SchemaType.String:
                Expect.Equal(node["maxLength"]?.GetValue<int>(), descriptor.MaxLength, $"maxLength at {path}");
                Expect.Equal(
                    node["format"]?.GetValue<string>() switch { "date-time" => StringFormat.DateTime, "uri" => StringFormat.Uri, _ => StringFormat.None },
                    descriptor.Format,
                    $"the format at {path}");
                Expect.Equal(
                    string.Join(",", node["enum"]?.AsArray().Select(v => v!.GetValue<string>()) ?? []),
                    string.Join(",", descriptor.EnumValues),
                    $"the enum values at {path}");
                break;
            case SchemaType.Number:
                Expect.Equal(node["multipleOf"]?.GetValue<decimal>(), descriptor.MultipleOf, $"multipleOf at {path}");
                break;
        }
    }

    private static string Name(SchemaType type) => type switch
    {
        SchemaType.Object => "object",
        SchemaType.Array => "array",
        SchemaType.String => "string",
        SchemaType.Integer => "integer",
        SchemaType.Number => "number",
        _ => "boolean",
    };
}
