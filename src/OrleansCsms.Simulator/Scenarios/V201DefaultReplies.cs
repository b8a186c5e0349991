using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansCsms.Ocpp;

namespace OrleansCsms.Simulator;

/// <summary>What a scripted 2.0.1 station answers to the CSMS's calls when the script does not say.</summary>
public static class V201DefaultReplies
{
    private static readonly Dictionary<string, string> Replies = new(StringComparer.Ordinal)
    {
        ["UnlockConnector"] = """{"status":"Unlocked"}""",
        ["GetLocalListVersion"] = """{"versionNumber":0}""",
        ["GetTransactionStatus"] = """{"messagesInQueue":false}""",
        ["GetCompositeSchedule"] = """{"status":"Rejected"}""",
        ["UnpublishFirmware"] = """{"status":"NoFirmware"}""",
        ["CustomerInformation"] = """{"status":"Rejected"}""",
        ["GetDisplayMessages"] = """{"status":"Unknown"}""",
        ["GetChargingProfiles"] = """{"status":"NoProfiles"}""",
        ["GetInstalledCertificateIds"] = """{"status":"NotFound"}""",
        ["DeleteCertificate"] = """{"status":"NotFound"}""",
    };

    private static readonly JsonElement Accepted = JsonElement.Parse("""{"status":"Accepted"}""");

    /// <summary>
    /// The usual answer to <paramref name="call"/>: a status of Accepted for most, and for Get/SetVariables each
    /// variable asked for answered UnknownComponent, since a scripted station has no device model.
    /// </summary>
    public static JsonElement For(OcppCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return call.Action switch
        {
            "GetVariables" => VariableResults(call.Payload, "getVariableData", "getVariableResult", "attributeStatus"),
            "SetVariables" => VariableResults(call.Payload, "setVariableData", "setVariableResult", "attributeStatus"),
            _ => Replies.TryGetValue(call.Action, out var reply) ? JsonElement.Parse(reply) : Accepted,
        };
    }

    private static JsonElement VariableResults(JsonElement request, string asked, string answered, string status)
    {
        var results = new JsonArray();
        foreach (var item in request.GetProperty(asked).EnumerateArray())
        {
            results.Add(new JsonObject
            {
                [status] = "UnknownComponent",
                ["component"] = JsonNode.Parse(item.GetProperty("component").GetRawText()),
                ["variable"] = JsonNode.Parse(item.GetProperty("variable").GetRawText()),
            });
        }

        return JsonSerializer.SerializeToElement(new JsonObject { [answered] = results });
    }
}
