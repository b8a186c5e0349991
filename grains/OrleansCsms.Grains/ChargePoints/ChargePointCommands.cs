using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrleansCsms.Grains;

/// <summary>Phrases operator commands as OCPP 1.6 calls: the action name and its payload.</summary>
internal static class ChargePointCommands
{
    public static (string Action, JsonElement Payload) ToV16(ChargePointCommand command) => command switch
    {
        RemoteStartCommand c => ("RemoteStartTransaction", Payload(new JsonObject
        {
            ["connectorId"] = c.ConnectorId,
            ["idTag"] = c.IdTag,
            ["chargingProfile"] = c.ChargingProfile is { } profile ? ChargingProfileMessages.Profile(profile) : null,
        })),
        RemoteStopCommand c => ("RemoteStopTransaction", Payload(new JsonObject { ["transactionId"] = c.TransactionId })),
        ResetCommand c => ("Reset", Payload(new JsonObject { ["type"] = c.Type switch { "Immediate" => "Hard", "OnIdle" => "Soft", var type => type } })),
        UnlockConnectorCommand c => ("UnlockConnector", Payload(new JsonObject { ["connectorId"] = c.ConnectorId })),
        ChangeAvailabilityCommand c => ("ChangeAvailability", Payload(new JsonObject { ["connectorId"] = c.ConnectorId, ["type"] = c.Type })),
        GetConfigurationCommand c => ("GetConfiguration", Payload(new JsonObject
        {
            ["key"] = c.Keys is { Count: > 0 } keys ? new JsonArray([.. keys.Select(k => (JsonNode?)JsonValue.Create(k))]) : null,
        })),
        ChangeConfigurationCommand c => ("ChangeConfiguration", Payload(new JsonObject { ["key"] = c.Key, ["value"] = c.Value })),
        ClearCacheCommand => ("ClearCache", Payload([])),
        DataTransferCommand c => ("DataTransfer", Payload(new JsonObject { ["vendorId"] = c.VendorId, ["messageId"] = c.MessageId, ["data"] = c.Data })),
        ReserveNowCommand c => ("ReserveNow", Payload(new JsonObject
        {
            ["connectorId"] = c.ConnectorId,
            ["expiryDate"] = Timestamp(c.ExpiryDate),
            ["idTag"] = c.IdTag,
            ["parentIdTag"] = c.ParentIdTag,
            ["reservationId"] = c.ReservationId,
        })),
        CancelReservationCommand c => ("CancelReservation", Payload(new JsonObject { ["reservationId"] = c.ReservationId })),
        TriggerMessageCommand c => ("TriggerMessage", Payload(new JsonObject { ["requestedMessage"] = c.RequestedMessage, ["connectorId"] = c.ConnectorId })),
        GetDiagnosticsCommand c => ("GetDiagnostics", Payload(new JsonObject
        {
            ["location"] = c.Location,
            ["retries"] = c.Retries,
            ["retryInterval"] = c.RetryInterval,
            ["startTime"] = Timestamp(c.StartTime),
            ["stopTime"] = Timestamp(c.StopTime),
        })),
        UpdateFirmwareCommand c => ("UpdateFirmware", Payload(new JsonObject
        {
            ["location"] = c.Location,
            ["retries"] = c.Retries,
            ["retrieveDate"] = Timestamp(c.RetrieveDate),
            ["retryInterval"] = c.RetryInterval,
        })),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Unknown charge point command."),
    };

    /// <summary>Why <paramref name="command"/> cannot be said in OCPP 1.6, or null when it can.</summary>
    public static string? V16Refusal(ChargePointCommand command) => command switch
    {
        ResetCommand { EvseId: not null } => "An OCPP 1.6 charge point resets as a whole; leave evseId out.",
        ChangeAvailabilityCommand { EvseConnectorId: not null } => "An OCPP 1.6 connector has no connectors of its own; leave evseConnectorId out.",
        ReserveNowCommand { ConnectorType: not null } => "An OCPP 1.6 charge point reserves a connector by its id, not by its type; leave connectorType out.",
        _ => null,
    };

    /// <summary>An OCPP dateTime: UTC with milliseconds and a Z, the form charge points parse most reliably.</summary>
    internal static string? Timestamp(DateTimeOffset? time) =>
        time?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    internal static JsonElement Payload(JsonObject payload)
    {
        Prune(payload);
        return JsonSerializer.SerializeToElement(payload);
    }

    // Optional fields are left out rather than sent as null, at every depth: neither version's schemas allow null.
    private static void Prune(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Where(p => p.Value is null).Select(p => p.Key).ToList())
                {
                    obj.Remove(name);
                }

                foreach (var (_, value) in obj)
                {
                    Prune(value);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Prune(item);
                }

                break;
        }
    }
}
