using System.Text.Json.Nodes;
using OrleansCsms.Ocpp.V16;
using OrleansCsms.Ocpp.V201;

namespace OrleansCsms.Ocpp.Tests.Validation;

/// <summary>The committed descriptors must say what the official schema files say; regenerate if these fail.</summary>
public sealed class SchemaSyncTests
{
    [Fact]
    public void Every_schema_in_the_1_6_file_has_a_descriptor() => ExpectEverySchemaDescribed(OfficialSchemas.V16);

    [Fact]
    public void Every_schema_in_the_2_0_1_file_has_a_descriptor() => ExpectEverySchemaDescribed(OfficialSchemas.V201);

    [Fact]
    public void Every_1_6_descriptor_has_a_schema_in_the_file() =>
        ExpectEveryDescriptorInFile(OfficialSchemas.V16, V16Schemas.Actions);

    [Fact]
    public void Every_2_0_1_descriptor_has_a_schema_in_the_file() =>
        ExpectEveryDescriptorInFile(OfficialSchemas.V201, V201Schemas.Actions);

    [Theory]
    [MemberData(nameof(OfficialSchemas.V16Ids), MemberType = typeof(OfficialSchemas))]
    public void Each_1_6_descriptor_encodes_exactly_its_schema(string id) => ExpectEncodedExactly(OfficialSchemas.Get(id));

    [Theory]
    [MemberData(nameof(OfficialSchemas.V201Ids), MemberType = typeof(OfficialSchemas))]
    public void Each_2_0_1_descriptor_encodes_exactly_its_schema(string id) => ExpectEncodedExactly(OfficialSchemas.GetV201(id));

    private static void ExpectEverySchemaDescribed(IReadOnlyList<OfficialSchema> schemas)
    {
        foreach (var schema in schemas)
        {
            Assert.True(Descriptor(schema) is not null, $"Expected a descriptor for {schema.Version} {schema.Id}; regenerate with OrleansCsms.Ocpp.SchemaGen.");
        }
    }

    private static void ExpectEveryDescriptorInFile(IReadOnlyList<OfficialSchema> schemas, IReadOnlyCollection<string> described)
    {
        var ids = schemas.Select(s => s.Id).ToHashSet();

        foreach (var action in described)
        {
            Assert.True(ids.Contains($"urn:{action}.req"), $"Expected the schema file to define urn:{action}.req, which has a descriptor.");
            Assert.True(ids.Contains($"urn:{action}.conf"), $"Expected the schema file to define urn:{action}.conf, which has a descriptor.");
        }

        Expect.Equal(ids.Count, described.Count * 2, "the number of schemas compared with two per described action");
    }

    private static void ExpectEncodedExactly(OfficialSchema schema)
    {
        var descriptor = Descriptor(schema);
        Assert.NotNull(descriptor);

        Compare(schema, schema.Root, descriptor, schema.Id);
    }

    private static SchemaNode? Descriptor(OfficialSchema schema) => (schema.Version, schema.IsRequest) switch
    {
        (OcppVersion.V16, true) => V16Schemas.TryGetRequestSchema(schema.Action, out var node) ? node : null,
        (OcppVersion.V16, false) => V16Schemas.TryGetConfirmationSchema(schema.Action, out var node) ? node : null,
        (_, true) => V201Schemas.TryGetRequestSchema(schema.Action, out var node) ? node : null,
        (_, false) => V201Schemas.TryGetConfirmationSchema(schema.Action, out var node) ? node : null,
    };

    private static void Compare(OfficialSchema schema, JsonObject node, SchemaNode descriptor, string path)
    {
        node = schema.Resolve(node);
        var type = node["type"]?.GetValue<string>() ?? "any";
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
                Expect.Equal(node["maxItems"]?.GetValue<int>(), descriptor.MaxItems, $"maxItems at {path}");
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
            case SchemaType.Integer:
                Expect.Equal(node["minimum"]?.GetValue<decimal>(), descriptor.Minimum, $"minimum at {path}");
                Expect.Equal(node["maximum"]?.GetValue<decimal>(), descriptor.Maximum, $"maximum at {path}");
                break;
            case SchemaType.Number:
                Expect.Equal(node["multipleOf"]?.GetValue<decimal>(), descriptor.MultipleOf, $"multipleOf at {path}");
                Expect.Equal(node["minimum"]?.GetValue<decimal>(), descriptor.Minimum, $"minimum at {path}");
                Expect.Equal(node["maximum"]?.GetValue<decimal>(), descriptor.Maximum, $"maximum at {path}");
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
        SchemaType.Any => "any",
        _ => "boolean",
    };
}
