using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrleansCsms.Grains;

/// <summary>
/// The certificate management calls in the words of the version a station speaks (the OCPP 1.6 security extension or
/// OCPP 2.0.1), and reading their answers. A call one version cannot say is a refusal, which goes out as nothing.
/// </summary>
internal static class CertificateMessages
{
    public const string CertificateSigned = "CertificateSigned";
    public const string InstallCertificate = "InstallCertificate";
    public const string GetInstalledCertificateIds = "GetInstalledCertificateIds";
    public const string DeleteCertificate = "DeleteCertificate";
    public const string ExtendedTriggerMessage = "ExtendedTriggerMessage";

    /// <summary>CertificateSigned; 2.0.1 also says what the chain is for (ChargingStationCertificate or V2GCertificate) when the CSR said it.</summary>
    public static JsonElement CertificateSignedRequest(string chain, string? certificateType, bool v201) =>
        Payload(new JsonObject { ["certificateChain"] = chain, ["certificateType"] = v201 ? certificateType : null });

    public static CertificateCall InstallCertificateRequest(string certificateType, string certificate, bool v201) =>
        CertificateTypes.InVersion(certificateType, v201) is { } type
            ? new CertificateCall(InstallCertificate, Payload(new JsonObject { ["certificateType"] = type, ["certificate"] = certificate }))
            : CertificateCall.Refused(TypeRefusal(certificateType, v201));

    /// <summary>GetInstalledCertificateIds: 1.6 asks for exactly one type; 2.0.1 for several, or for all when none is named.</summary>
    public static CertificateCall GetInstalledCertificateIdsRequest(IReadOnlyList<string> certificateTypes, bool v201)
    {
        if (!v201 && certificateTypes.Count != 1)
        {
            return CertificateCall.Refused("An OCPP 1.6 charge point is asked for the certificates of one type at a time: name exactly one certificateType.");
        }

        var types = certificateTypes.Select(t => CertificateTypes.InVersion(t, v201)).ToList();
        if (types.IndexOf(null) is var unknown and >= 0)
        {
            return CertificateCall.Refused(TypeRefusal(certificateTypes[unknown], v201));
        }

        JsonNode? requested = v201
            ? (types.Count == 0 ? null : new JsonArray([.. types.Distinct().Select(t => (JsonNode?)JsonValue.Create(t))]))
            : JsonValue.Create(types[0]);
        return new CertificateCall(GetInstalledCertificateIds, Payload(new JsonObject { ["certificateType"] = requested }));
    }

    /// <summary>DeleteCertificate says the certificate the same way in both versions.</summary>
    public static JsonElement DeleteCertificateRequest(CertificateHashData hash) => Payload(new JsonObject
    {
        ["certificateHashData"] = new JsonObject
        {
            ["hashAlgorithm"] = hash.HashAlgorithm,
            ["issuerNameHash"] = hash.IssuerNameHash,
            ["issuerKeyHash"] = hash.IssuerKeyHash,
            ["serialNumber"] = hash.SerialNumber,
        },
    });

    public static JsonElement ExtendedTriggerMessageRequest(string requestedMessage, int? connectorId) =>
        Payload(new JsonObject { ["requestedMessage"] = requestedMessage, ["connectorId"] = connectorId });

    /// <summary>
    /// The certificates a GetInstalledCertificateIds answer lists, by type. 1.6 lists hash data of the one type asked
    /// for; 2.0.1 lists chains, each with its type, the leaf's hash data and its sub-CAs' (childCertificateHashData).
    /// </summary>
    public static Dictionary<string, List<CertificateHashData>> HashData(JsonElement? payload, string? v16Type)
    {
        var byType = new Dictionary<string, List<CertificateHashData>>(StringComparer.Ordinal);
        if (payload is not { ValueKind: JsonValueKind.Object } answer)
        {
            return byType;
        }

        if (v16Type is not null)
        {
            byType[v16Type] = [.. Objects(answer, "certificateHashData").Select(Hash)];
            return byType;
        }

        foreach (var chain in Objects(answer, "certificateHashDataChain"))
        {
            var type = Text(chain, "certificateType");
            if (!byType.TryGetValue(type, out var certificates))
            {
                byType[type] = certificates = [];
            }

            if (chain.TryGetProperty("certificateHashData", out var leaf) && leaf.ValueKind == JsonValueKind.Object)
            {
                certificates.Add(Hash(leaf));
            }

            certificates.AddRange(Objects(chain, "childCertificateHashData").Select(Hash));
        }

        return byType;
    }

    private static string TypeRefusal(string certificateType, bool v201) => v201
        ? $"'{certificateType}' is no OCPP 2.0.1 certificate type: use one of {string.Join(", ", CertificateTypes.V201Reported)}."
        : $"'{certificateType}' is no OCPP 1.6 certificate type: use {string.Join(" or ", CertificateTypes.V16)}.";

    private static IEnumerable<JsonElement> Objects(JsonElement element, string name) =>
        element.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object)
            : [];

    private static CertificateHashData Hash(JsonElement e) =>
        new(Text(e, "hashAlgorithm"), Text(e, "issuerNameHash"), Text(e, "issuerKeyHash"), Text(e, "serialNumber"));

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";

    // Optional fields are left out rather than sent as null: neither version's schemas allow null.
    private static JsonElement Payload(JsonObject payload) => ChargePointCommands.Payload(payload);
}

/// <summary>A certificate call phrased for a station's version, or why that version cannot say it.</summary>
internal sealed record CertificateCall(string Action, JsonElement Payload, string? Refusal = null)
{
    public static CertificateCall Refused(string why) => new("", default, why);
}
