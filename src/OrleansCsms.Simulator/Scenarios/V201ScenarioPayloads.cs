using System.Text.Json;
using OrleansCsms.Ocpp.V201;
using V16 = OrleansCsms.Ocpp.V16;

namespace OrleansCsms.Simulator;

/// <summary>
/// A scenario played in OCPP 2.0.1: the same steps, said the 2.0.1 way. A step's <c>connectorId</c> is an EVSE (with
/// one connector), its 1.6 names of actions, statuses and reasons are taken for their 2.0.1 counterparts, and a
/// <c>"payload"</c> is sent verbatim.
/// </summary>
public static class V201ScenarioPayloads
{
    /// <summary>The 2.0.1 name of a 1.6 action that has another name there; any other name as it is.</summary>
    public static string Action(string action) => action switch
    {
        "RemoteStartTransaction" => "RequestStartTransaction",
        "RemoteStopTransaction" => "RequestStopTransaction",
        "GetConfiguration" => "GetVariables",
        "ChangeConfiguration" => "SetVariables",
        _ => action,
    };

    public static JsonElement For(ScenarioStep step, string identity, ConnectorMeter meter)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(meter);
        if (step.Payload is { } payload)
        {
            return payload;
        }

        return step.Send switch
        {
            "BootNotification" => V201Json.ToPayload(new BootNotificationRequest
            {
                Reason = BootReasonEnumType.PowerUp,
                ChargingStation = new ChargingStationType
                {
                    Model = "Simulator",
                    VendorName = "OrleansCsms",
                    SerialNumber = identity.Length <= 25 ? identity : identity[^25..],
                    FirmwareVersion = "1.0.0-sim",
                },
            }),
            "StatusNotification" => V201Json.ToPayload(new StatusNotificationRequest
            {
                Timestamp = DateTimeOffset.UtcNow,
                ConnectorStatus = ConnectorStatus(step.Status),
                EvseId = step.ConnectorId ?? 1,
                ConnectorId = 1,
            }),
            "Authorize" => V201Json.ToPayload(new AuthorizeRequest { IdToken = IdToken(step.IdTag ?? "SIM-TAG-1") }),
            "MeterValues" => V201Json.ToPayload(new MeterValuesRequest { EvseId = step.ConnectorId ?? 1, MeterValue = [Sample(meter)] }),
            "DataTransfer" => V201Json.ToPayload(new DataTransferRequest
            {
                VendorId = "OrleansCsms",
                Data = step.Status is { } data ? JsonSerializer.SerializeToElement(data) : null,
            }),
            "FirmwareStatusNotification" => V201Json.ToPayload(new FirmwareStatusNotificationRequest { Status = Parse(step.Status, FirmwareStatusEnumType.Idle) }),
            "LogStatusNotification" => V201Json.ToPayload(new LogStatusNotificationRequest { Status = Parse(step.Status, UploadLogStatusEnumType.Idle) }),
            "Heartbeat" => V201Json.ToPayload(new HeartbeatRequest()),
            "DiagnosticsStatusNotification" => throw new InvalidDataException(
                "OCPP 2.0.1 has no DiagnosticsStatusNotification: send LogStatusNotification, or play the scenario in 1.6."),
            _ => throw new InvalidDataException(
                $"A \"send\" of {step.Send} needs a \"payload\" (use the startTransaction, meterValues and stopTransaction steps for transactions)."),
        };
    }

    public static IdTokenType IdToken(string idTag) => new() { IdToken = idTag, Type = IdTokenEnumType.ISO14443 };

    /// <summary>The meter's next reading, in 2.0.1 form.</summary>
    public static MeterValueType Sample(ConnectorMeter meter)
    {
        ArgumentNullException.ThrowIfNull(meter);
        return SimulatedChargingStation.ToMeterValue(meter.Sample(meter.Clock.Advance(TimeSpan.Zero)));
    }

    /// <summary>A 2.0.1 connector status, or the 1.6 one it stands for: every state of a session is Occupied in 2.0.1.</summary>
    private static ConnectorStatusEnumType ConnectorStatus(string? status)
    {
        if (status is null)
        {
            return ConnectorStatusEnumType.Available;
        }

        if (Enum.TryParse<ConnectorStatusEnumType>(status, out var v201) && Enum.IsDefined(v201))
        {
            return v201;
        }

        return Enum.TryParse<V16.ChargePointStatus>(status, out var v16) && Enum.IsDefined(v16)
            ? v16 switch
            {
                V16.ChargePointStatus.Available => ConnectorStatusEnumType.Available,
                V16.ChargePointStatus.Reserved => ConnectorStatusEnumType.Reserved,
                V16.ChargePointStatus.Unavailable => ConnectorStatusEnumType.Unavailable,
                V16.ChargePointStatus.Faulted => ConnectorStatusEnumType.Faulted,
                _ => ConnectorStatusEnumType.Occupied,
            }
            : throw new InvalidDataException($"'{status}' is not a connector status.");
    }

    private static T Parse<T>(string? text, T fallback)
        where T : struct, Enum =>
        text is null ? fallback
            : Enum.TryParse<T>(text, ignoreCase: false, out var value) && Enum.IsDefined(value) ? value
            : throw new InvalidDataException($"'{text}' is not a {typeof(T).Name}.");
}
