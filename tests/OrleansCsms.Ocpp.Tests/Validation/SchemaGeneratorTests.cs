using System.Text.Json;
using OrleansCsms.Ocpp.SchemaGen;

namespace OrleansCsms.Ocpp.Tests.Validation;

/// <summary>The generator turns only keywords it understands into code and refuses the rest, so no constraint is dropped silently.</summary>
public sealed class SchemaGeneratorTests
{
    private static readonly GeneratorSettings Settings = new("Sample.Namespace", "Sample", "sample.json");

    [Fact]
    public void Max_items_minimum_and_maximum_reach_the_descriptors()
    {
        var descriptors = Descriptors("""
            "levels":{"type":"array","additionalItems":false,"items":{"type":"integer","minimum":0,"maximum":100},"minItems":1,"maxItems":3},
            "price":{"type":"number","minimum":0.5,"default":1}
            """);

        Assert.Contains("SchemaNode.Array(SchemaNode.Integer(minimum: 0, maximum: 100), minItems: 1, maxItems: 3)", descriptors, StringComparison.Ordinal);
        Assert.Contains("SchemaNode.Number(minimum: 0.5m)", descriptors, StringComparison.Ordinal);
    }

    [Fact]
    public void A_node_without_a_type_takes_any_json_value()
    {
        var descriptors = Descriptors("""
            "data":{"description":"Anything the two parties agree on."}
            """);

        Assert.Contains("SchemaProperty.Optional(\"data\", SchemaNode.Any())", descriptors, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""
        "levels":{"type":"array","additionalItems":true,"items":{"type":"integer"}}
        """, "additionalItems of SampleRequest.levels must be false")]
    [InlineData("""
        "levels":{"type":"array","items":[{"type":"integer"}]}
        """, "items of SampleRequest.levels must be one schema")]
    [InlineData("""
        "level":{"type":"integer","exclusiveMinimum":0}
        """, "keyword 'exclusiveMinimum' at SampleRequest.level is not supported")]
    [InlineData("""
        "level":{"type":"integer","minimum":0.5}
        """, "minimum 0.5 of an integer must be a 32-bit integer")]
    [InlineData("""
        "data":{"description":"typeless but constrained","maxLength":5}
        """, "type '' at SampleRequest.data is not supported")]
    public void A_keyword_the_generator_cannot_honour_is_refused(string properties, string message)
    {
        var error = Assert.ThrowsAny<Exception>(() => Descriptors(properties));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    private static string Descriptors(string properties)
    {
        var request = """{"$id":"urn:Sample.req","type":"object","additionalProperties":false,"properties":{""" + properties + "}}";
        const string Confirmation = """{"$id":"urn:Sample.conf","type":"object","properties":{}}""";
        using var file = JsonDocument.Parse($"[{request},{Confirmation}]");
        var files = Generator.Generate(file.RootElement, Settings);
        return files.Single(f => f.Name == "SampleSchemaDescriptors.g.cs").Content;
    }
}
