using System.Buffers;
using System.Collections.Frozen;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrleansCsms.Frontend.Ocpp;

/// <summary>
/// Hides the secrets some frames carry before they reach the message log, which operators of every role read: a charge
/// point's Basic auth password (1.6 AuthorizationKey, 2.0.1 SecurityCtrlr.BasicAuthPassword) and the VPN and APN
/// credentials of a 2.0.1 network profile, whichever way the frame goes. Frames of any other action are never parsed.
/// </summary>
internal static class OcppSecretRedaction
{
    /// <summary>What a hidden value reads in the log.</summary>
    public const string Hidden = "***";

    private const string AuthorizationKey = "AuthorizationKey";
    private const string BasicAuthPassword = "BasicAuthPassword";

    private static readonly FrozenSet<string> ActionsWithSecrets =
        FrozenSet.Create(StringComparer.Ordinal, "ChangeConfiguration", "GetConfiguration", "SetVariables", "GetVariables", "NotifyReport", "SetNetworkProfile");

    /// <summary>
    /// The frame with its secrets replaced by <see cref="Hidden"/>, or null when it has none (or is not JSON an
    /// OCPP-J frame could be, in which case it carries nothing this knows how to find).
    /// </summary>
    /// <param name="action">The CALL's action, or for an answer the action of the call it answers.</param>
    /// <param name="frame">The frame as sent or received.</param>
    public static byte[]? Redact(string? action, ReadOnlySpan<byte> frame)
    {
        if (action is null || !ActionsWithSecrets.Contains(action))
        {
            return null;
        }

        JsonArray? message;
        try
        {
            message = JsonNode.Parse(frame) as JsonArray;
        }
        catch (JsonException)
        {
            return null;
        }

        var hidden = message switch
        {
            [JsonValue type, _, _, JsonObject call] when type.TryGetValue(out int t) && t == 2 => HideSecrets(action, isCall: true, call),
            [JsonValue type, _, JsonObject result] when type.TryGetValue(out int t) && t == 3 => HideSecrets(action, isCall: false, result),
            _ => false,
        };
        return hidden ? Write(message!) : null;
    }

    // Text is written as it came (no \u escapes of non-ASCII letters), so the rest of the frame reads as the charge point sent it.
    private static byte[] Write(JsonArray message)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            message.WriteTo(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static bool HideSecrets(string action, bool isCall, JsonObject payload) => (action, isCall) switch
    {
        ("ChangeConfiguration", true) => IsAuthorizationKey(payload["key"]) && Hide(payload, "value"),
        ("GetConfiguration", false) => HideInEach(payload["configurationKey"], item => IsAuthorizationKey(item["key"]) && Hide(item, "value")),
        ("SetVariables", true) => HideInEach(payload["setVariableData"], item => IsBasicAuthPassword(item) && Hide(item, "attributeValue")),
        ("GetVariables", false) => HideInEach(payload["getVariableResult"], item => IsBasicAuthPassword(item) && Hide(item, "attributeValue")),
        ("NotifyReport", true) => HideInEach(payload["reportData"], item => IsBasicAuthPassword(item)
            && HideInEach(item["variableAttribute"], attribute => Hide(attribute, "value"))),
        ("SetNetworkProfile", true) => payload["connectionData"] is JsonObject data && HideNetworkCredentials(data),
        _ => false,
    };

    private static bool HideNetworkCredentials(JsonObject connectionData)
    {
        var hidden = false;
        if (connectionData["vpn"] is JsonObject vpn)
        {
            hidden |= Hide(vpn, "password");
            hidden |= Hide(vpn, "key");
        }

        if (connectionData["apn"] is JsonObject apn)
        {
            hidden |= Hide(apn, "apnPassword");
        }

        return hidden;
    }

    private static bool IsAuthorizationKey(JsonNode? key) =>
        key is JsonValue value && value.TryGetValue(out string? name) && string.Equals(name, AuthorizationKey, StringComparison.OrdinalIgnoreCase);

    private static bool IsBasicAuthPassword(JsonObject item) =>
        item["variable"] is JsonObject variable && variable["name"] is JsonValue name
            && name.TryGetValue(out string? text) && string.Equals(text, BasicAuthPassword, StringComparison.OrdinalIgnoreCase);

    /// <summary>Applies <paramref name="hide"/> to every object of an array; true when any of them had something hidden.</summary>
    private static bool HideInEach(JsonNode? items, Func<JsonObject, bool> hide)
    {
        var hidden = false;
        if (items is JsonArray array)
        {
            foreach (var item in array.OfType<JsonObject>())
            {
                hidden |= hide(item);
            }
        }

        return hidden;
    }

    private static bool Hide(JsonObject owner, string property)
    {
        if (owner[property] is null)
        {
            return false;
        }

        owner[property] = Hidden;
        return true;
    }
}
