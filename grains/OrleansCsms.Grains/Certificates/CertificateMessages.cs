using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrleansCsms.Grains;

/// <summary>The OCPP 1.6 security extension calls of certificate management, and reading their answers.</summary>
internal static class CertificateMessages
{
    public const string CertificateSigned = "CertificateSigned";
    public const string InstallCertificate = "InstallCertificate";
    public const string GetInstalledCertificateIds = "GetInstalledCertificateIds";
    public const string DeleteCertificate = "DeleteCertificate";
    public const string ExtendedTriggerMessage = "ExtendedTriggerMessage";

    public static JsonElement CertificateSignedRequest(string chain) => Payload(new JsonObject { ["certificateChain"] = chain });

    public static JsonElement InstallCertificateRequest(string certificateType, string certificate) =>
        Payload(new JsonObject { ["certificateType"] = certificateType, ["certificate"] = certificate });

    public static JsonElement GetInstalledCertificateIdsRequest(string certificateType) => Payload(new JsonObject { ["certificateType"] = certificateType });

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

    public static JsonElement ExtendedTriggerMessageRequest(string requestedMessage, int? connectorId)
    {
        // Optional fields are left out rather than sent as null: the 1.6 schemas do not allow null.
        var payload = new JsonObject { ["requestedMessage"] = requestedMessage };
        if (connectorId is { } connector)
        {
            payload["connectorId"] = connector;
        }

        return Payload(payload);
    }

    /// <summary>The certificateHashData of a GetInstalledCertificateIds.conf; empty when it has none.</summary>
    public static List<CertificateHashData> HashData(JsonElement? payload)
    {
        if (payload is not { ValueKind: JsonValueKind.Object } answer
            || !answer.TryGetProperty("certificateHashData", out var list)
            || list.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        return [.. list.EnumerateArray()
            .Where(e => e.ValueKind == JsonValueKind.Object)
            .Select(e => new CertificateHashData(Text(e, "hashAlgorithm"), Text(e, "issuerNameHash"), Text(e, "issuerKeyHash"), Text(e, "serialNumber")))];
    }

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";

    private static JsonElement Payload(JsonObject payload) => JsonSerializer.SerializeToElement(payload);
}
