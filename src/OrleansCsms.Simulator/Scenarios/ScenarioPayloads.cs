using System.Text.Json;
using OrleansCsms.Ocpp.V16;

namespace OrleansCsms.Simulator;

/// <summary>The payload of a scenario's "send" step when the step gives none: the action's usual content plus the step's shortcut fields.</summary>
public static class ScenarioPayloads
{
    public static JsonElement For(ScenarioStep step, string identity, ConnectorMeter meter)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(meter);
        if (step.Payload is { } payload)
        {
            return payload;
        }

        var now = DateTimeOffset.UtcNow;
        return step.Send switch
        {
            "BootNotification" => V16Json.ToPayload(new BootNotificationRequest
            {
                ChargePointVendor = "OrleansCsms",
                ChargePointModel = "Simulator",
                ChargePointSerialNumber = identity,
                FirmwareVersion = "1.0.0-sim",
            }),
            "StatusNotification" => V16Json.ToPayload(new StatusNotificationRequest
            {
                ConnectorId = step.ConnectorId ?? 0,
                Status = ParseOr(step.Status, ChargePointStatus.Available),
                ErrorCode = ParseOr(step.ErrorCode, ChargePointErrorCode.NoError),
                Timestamp = now,
            }),
            "Authorize" => V16Json.ToPayload(new AuthorizeRequest { IdTag = step.IdTag ?? "SIM-TAG-1" }),
            "MeterValues" => V16Json.ToPayload(new MeterValuesRequest { ConnectorId = step.ConnectorId ?? 1, MeterValue = [meter.Sample(meter.Clock.Advance(TimeSpan.Zero))] }),
            "DataTransfer" => V16Json.ToPayload(new DataTransferRequest { VendorId = "OrleansCsms", Data = step.Status }),
            "DiagnosticsStatusNotification" => V16Json.ToPayload(new DiagnosticsStatusNotificationRequest
            {
                Status = ParseOr(step.Status, DiagnosticsStatus.Idle),
            }),
            "FirmwareStatusNotification" => V16Json.ToPayload(new FirmwareStatusNotificationRequest
            {
                Status = ParseOr(step.Status, FirmwareStatus.Idle),
            }),
            "Heartbeat" => V16Json.ToPayload(new HeartbeatRequest()),
            _ => throw new InvalidDataException(
                $"A \"send\" of {step.Send} needs a \"payload\" (use the startTransaction, meterValues and stopTransaction steps for transactions)."),
        };
    }

    private static T ParseOr<T>(string? text, T fallback)
        where T : struct, Enum =>
        text is null ? fallback
            : Enum.TryParse<T>(text, ignoreCase: false, out var value) && Enum.IsDefined(value) ? value
            : throw new InvalidDataException($"'{text}' is not a {typeof(T).Name}.");
}
