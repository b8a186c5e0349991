using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansCsms.Ocpp.V16;
using OrleansCsms.Ocpp.V201;

namespace OrleansCsms.Ocpp.Tests;

/// <summary>The official schema files, as copied next to the test assembly; the oracles the generated code is checked against.</summary>
internal static class OfficialSchemas
{
    private static readonly Lazy<IReadOnlyList<OfficialSchema>> LoadedV16 = new(() => Load("ocpp1_6.json", OcppVersion.V16));
    private static readonly Lazy<IReadOnlyList<OfficialSchema>> LoadedV201 = new(() => Load("ocpp2_0_1.json", OcppVersion.V201));

    public static IReadOnlyList<OfficialSchema> V16 => LoadedV16.Value;

    public static IReadOnlyList<OfficialSchema> V201 => LoadedV201.Value;

    public static TheoryData<string> V16Ids() => Ids(V16);

    public static TheoryData<string> V201Ids() => Ids(V201);

    public static OfficialSchema Get(string id) => V16.Single(s => s.Id == id);

    public static OfficialSchema GetV201(string id) => V201.Single(s => s.Id == id);

    private static TheoryData<string> Ids(IReadOnlyList<OfficialSchema> schemas)
    {
        var ids = new TheoryData<string>();
        foreach (var schema in schemas)
        {
            ids.Add(schema.Id);
        }

        return ids;
    }

    private static IReadOnlyList<OfficialSchema> Load(string fileName, OcppVersion version)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "schemas", fileName);
        var file = JsonNode.Parse(File.ReadAllText(path))!.AsArray();
        return file.Select(node => new OfficialSchema(node!.AsObject(), version)).ToList();
    }
}

/// <summary>One schema of a file, e.g. "urn:BootNotification.req".</summary>
internal sealed class OfficialSchema(JsonObject root, OcppVersion version)
{
    public JsonObject Root { get; } = root;

    public OcppVersion Version { get; } = version;

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
        return (Version, IsRequest) switch
        {
            (OcppVersion.V16, true) => V16Schemas.ValidateRequest(Action, element),
            (OcppVersion.V16, false) => V16Schemas.ValidateConfirmation(Action, element),
            (_, true) => V201Schemas.ValidateRequest(Action, element),
            (_, false) => V201Schemas.ValidateConfirmation(Action, element),
        };
    }

    public override string ToString() => Id;
}
