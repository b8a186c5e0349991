using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrleansCsms.Ocpp.Tests;

/// <summary>The official 1.6 schema file, as copied next to the test assembly; the oracle the generated code is checked against.</summary>
internal static class OfficialSchemas
{
    private static readonly Lazy<IReadOnlyList<OfficialSchema>> Loaded = new(Load);

    public static IReadOnlyList<OfficialSchema> V16 => Loaded.Value;

    public static TheoryData<string> V16Ids()
    {
        var ids = new TheoryData<string>();
        foreach (var schema in V16)
        {
            ids.Add(schema.Id);
        }

        return ids;
    }

    public static OfficialSchema Get(string id) => V16.Single(s => s.Id == id);

    private static IReadOnlyList<OfficialSchema> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "schemas", "ocpp1_6.json");
        var file = JsonNode.Parse(File.ReadAllText(path))!.AsArray();
        return file.Select(node => new OfficialSchema(node!.AsObject())).ToList();
    }
}

/// <summary>One schema of the file, e.g. "urn:BootNotification.req".</summary>
internal sealed class OfficialSchema(JsonObject root)
{
    public JsonObject Root { get; } = root;

    public string Id { get; } = root["$id"]!.GetValue<string>();

    public string Action => Id["urn:".Length..Id.LastIndexOf('.')];

    public bool IsRequest => Id.EndsWith(".req", StringComparison.Ordinal);

    /// <summary>Follows a "$ref" into this schema's definitions; other nodes come back unchanged.</summary>
    public JsonObject Resolve(JsonObject node)
    {
        if (node["$ref"] is not { } reference)
        {
            return node;
        }

        var name = reference.GetValue<string>()["#/definitions/".Length..];
        return Root["definitions"]![name]!.AsObject();
    }

    public ValidationResult Validate(JsonNode payload)
    {
        var element = JsonSerializer.SerializeToElement(payload);
        return IsRequest
            ? OrleansCsms.Ocpp.V16.V16Schemas.ValidateRequest(Action, element)
            : OrleansCsms.Ocpp.V16.V16Schemas.ValidateConfirmation(Action, element);
    }

    public override string ToString() => Id;
}
