using System.Text.Json;
using OrleansCsms.Ocpp;
using OrleansCsms.Ocpp.V16;
using OrleansCsms.Ocpp.V201;

namespace OrleansCsms.Frontend.Ocpp;

/// <summary>The check every server-initiated call passes before it is sent: an action of the connection's version that the CSMS sends, with a valid payload.</summary>
internal static class OutgoingCalls
{
    /// <summary>Why the call must not be sent on a connection of <paramref name="version"/>, or null when it may.</summary>
    public static string? Refusal(OcppVersion version, string action, JsonElement payload)
    {
        var (known, sentByCsms) = version switch
        {
            OcppVersion.V16 => V16Actions.TryGet(action, out var v16) ? (true, v16.IsSentByCentralSystem) : (false, false),
            OcppVersion.V201 => V201Actions.TryGet(action, out var v201) ? (true, v201.IsSentByCsms) : (false, false),
            _ => (false, false),
        };
        var name = version == OcppVersion.V16 ? "OCPP 1.6" : "OCPP 2.0.1";
        if (!known)
        {
            return $"{name} has no '{action}' message.";
        }

        if (!sentByCsms)
        {
            return $"In {name}, '{action}' is sent by the charge point, never to it.";
        }

        var validation = version == OcppVersion.V16 ? V16Schemas.ValidateRequest(action, payload) : V201Schemas.ValidateRequest(action, payload);
        return validation.IsValid ? null : $"The {action} payload does not fit the {name} schema: {validation.Description}";
    }
}
