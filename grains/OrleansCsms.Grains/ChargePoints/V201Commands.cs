using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrleansCsms.Grains;

/// <summary>
/// Phrases operator commands as OCPP 2.0.1 calls. The version-neutral <c>connectorId</c> of a command names an EVSE
/// of a 2.0.1 station (0: the station as a whole), since transactions, availability and reservations are per EVSE there.
/// </summary>
internal static class V201Commands
{
    /// <summary>The action and payload of <paramref name="command"/>, or null when 2.0.1 cannot say it (see <see cref="WhyNot"/>).</summary>
    public static (string Action, JsonElement Payload)? Phrase(ChargePointCommand command, Func<int, string?> stationTransactionId, int remoteStartId) => command switch
    {
        RemoteStartCommand c => ("RequestStartTransaction", Payload(new JsonObject
        {
            ["idToken"] = CentralToken(c.IdTag),
            ["remoteStartId"] = remoteStartId,
            ["evseId"] = c.ConnectorId is > 0 ? c.ConnectorId : null,
            ["chargingProfile"] = c.ChargingProfile is { } profile ? V201ChargingProfileMessages.Profile(profile, null) : null,
        })),
        RemoteStopCommand c when stationTransactionId(c.TransactionId) is { } id =>
            ("RequestStopTransaction", Payload(new JsonObject { ["transactionId"] = id })),
        ResetCommand c when ResetType(c.Type) is { } type => ("Reset", Payload(new JsonObject { ["type"] = type, ["evseId"] = c.EvseId })),
        UnlockConnectorCommand c when c.ConnectorId > 0 =>
            ("UnlockConnector", Payload(new JsonObject { ["evseId"] = c.ConnectorId, ["connectorId"] = 1 })),
        ChangeAvailabilityCommand c => ("ChangeAvailability", Payload(new JsonObject
        {
            ["operationalStatus"] = c.Type,
            ["evse"] = c.ConnectorId > 0 ? new JsonObject { ["id"] = c.ConnectorId, ["connectorId"] = c.EvseConnectorId } : null,
        })),
        GetConfigurationCommand { Keys.Count: > 0 } c when c.Keys.All(k => DeviceModelKeys.TryParse(k, out _)) =>
            ("GetVariables", Payload(new JsonObject
            {
                ["getVariableData"] = new JsonArray([.. c.Keys.Select(k => (JsonNode?)VariableReference(DeviceModelKeys.Parse(k)))]),
            })),
        ChangeConfigurationCommand c when DeviceModelKeys.TryParse(c.Key, out var key) => ("SetVariables", Payload(new JsonObject
        {
            ["setVariableData"] = new JsonArray(SetVariable(key, c.Value)),
        })),
        ClearCacheCommand => ("ClearCache", Payload([])),
        DataTransferCommand c => ("DataTransfer", Payload(new JsonObject { ["vendorId"] = c.VendorId, ["messageId"] = c.MessageId, ["data"] = c.Data })),
        ReserveNowCommand c => ("ReserveNow", Payload(new JsonObject
        {
            ["id"] = c.ReservationId,
            ["expiryDateTime"] = ChargePointCommands.Timestamp(c.ExpiryDate),
            ["idToken"] = c.IdTokenType is { } tokenType ? new JsonObject { ["idToken"] = c.IdTag, ["type"] = tokenType } : CentralToken(c.IdTag),
            ["evseId"] = c.ConnectorId > 0 ? c.ConnectorId : null,
            ["connectorType"] = c.ConnectorType,
            ["groupIdToken"] = c.ParentIdTag is { } parent ? CentralToken(parent) : null,
        })),
        CancelReservationCommand c => ("CancelReservation", Payload(new JsonObject { ["reservationId"] = c.ReservationId })),
        TriggerMessageCommand c when TriggeredMessage(c.RequestedMessage) is { } message => ("TriggerMessage", Payload(new JsonObject
        {
            ["requestedMessage"] = message,
            ["evse"] = c.ConnectorId is > 0 ? new JsonObject { ["id"] = c.ConnectorId, ["connectorId"] = message == "StatusNotification" ? 1 : null } : null,
        })),
        _ => null,
    };

    /// <summary>Why <paramref name="command"/> cannot be said in OCPP 2.0.1.</summary>
    public static string WhyNot(ChargePointCommand command) => command switch
    {
        RemoteStopCommand c => $"Transaction {c.TransactionId} is not one this OCPP 2.0.1 station started and named; only its own transactions can be stopped.",
        ResetCommand c => $"Reset type '{c.Type}' has no OCPP 2.0.1 counterpart; use Hard or Immediate, Soft or OnIdle.",
        UnlockConnectorCommand => "An OCPP 2.0.1 station unlocks a connector of an EVSE: name the EVSE, 1 or above.",
        GetConfigurationCommand => "An OCPP 2.0.1 station has variables, not configuration keys: name each as Component.Variable (e.g. OCPPCommCtrlr.HeartbeatInterval) or a 1.6 key with a 2.0.1 counterpart; for everything use the device model report.",
        ChangeConfigurationCommand c => $"'{c.Key}' names no OCPP 2.0.1 variable: use Component.Variable (e.g. OCPPCommCtrlr.HeartbeatInterval) or a 1.6 key with a 2.0.1 counterpart.",
        TriggerMessageCommand c => $"OCPP 2.0.1 has no '{c.RequestedMessage}' to trigger.",
        _ => $"{command.GetType().Name} has no OCPP 2.0.1 counterpart.",
    };

    private static string? ResetType(string type) => type switch
    {
        "Hard" or "Immediate" => "Immediate",
        "Soft" or "OnIdle" => "OnIdle",
        _ => null,
    };

    private static string? TriggeredMessage(string requested) => requested switch
    {
        "BootNotification" or "Heartbeat" or "MeterValues" or "StatusNotification" or "FirmwareStatusNotification"
            or "LogStatusNotification" or "TransactionEvent" or "SignChargingStationCertificate" or "SignV2GCertificate"
            or "SignCombinedCertificate" or "PublishFirmwareStatusNotification" => requested,
        "SignChargePointCertificate" => "SignChargingStationCertificate",
        _ => null,
    };

    private static JsonObject CentralToken(string token) => new() { ["idToken"] = token, ["type"] = "Central" };

    private static JsonObject VariableReference(DeviceModelKey key) => new()
    {
        ["component"] = new JsonObject { ["name"] = key.Component },
        ["variable"] = new JsonObject { ["name"] = key.Variable },
    };

    private static JsonObject SetVariable(DeviceModelKey key, string value)
    {
        var data = VariableReference(key);
        data["attributeValue"] = value;
        return data;
    }

    private static JsonElement Payload(JsonObject payload) => ChargePointCommands.Payload(payload);
}
