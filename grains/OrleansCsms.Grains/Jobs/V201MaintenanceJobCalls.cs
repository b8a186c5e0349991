using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrleansCsms.Grains;

/// <summary>
/// Phrases a job's command for an OCPP 2.0.1 station. 2.0.1 has one UpdateFirmware, which carries the signature when
/// there is one, so a signed update and a plain one are both UpdateFirmware jobs there, moved on by FirmwareStatusNotifications.
/// </summary>
internal static class V201MaintenanceJobCalls
{
    public static (string Kind, JsonElement Payload)? Phrase(ChargePointCommand command, int jobId) => command switch
    {
        UpdateFirmwareCommand c => UpdateFirmware(jobId, c.Retries, c.RetryInterval, new JsonObject
        {
            ["location"] = c.Location,
            ["retrieveDateTime"] = ChargePointCommands.Timestamp(c.RetrieveDate),
            ["installDateTime"] = ChargePointCommands.Timestamp(c.InstallDateTime),
        }),
        SignedUpdateFirmwareCommand c => UpdateFirmware(jobId, c.Retries, c.RetryInterval, new JsonObject
        {
            ["location"] = c.Location,
            ["retrieveDateTime"] = ChargePointCommands.Timestamp(c.RetrieveDateTime),
            ["installDateTime"] = ChargePointCommands.Timestamp(c.InstallDateTime),
            ["signingCertificate"] = c.SigningCertificate,
            ["signature"] = c.Signature,
        }),
        GetLogCommand c => (MaintenanceJobKinds.GetLog, MaintenanceJobCalls.GetLog(c, jobId)),
        PublishFirmwareCommand c => (MaintenanceJobKinds.PublishFirmware, ChargePointCommands.Payload(new JsonObject
        {
            ["location"] = c.Location,
            ["retries"] = c.Retries,
            ["checksum"] = c.Checksum,
            ["requestId"] = jobId,
            ["retryInterval"] = c.RetryInterval,
        })),
        UnpublishFirmwareCommand c => (MaintenanceJobKinds.UnpublishFirmware, ChargePointCommands.Payload(new JsonObject { ["checksum"] = c.Checksum })),
        _ => null,
    };

    public static string WhyNot(ChargePointCommand command) => command switch
    {
        GetDiagnosticsCommand => "OCPP 2.0.1 has no GetDiagnostics: ask for the DiagnosticsLog with get-log.",
        _ => $"{command.GetType().Name} has no OCPP 2.0.1 counterpart.",
    };

    private static (string Kind, JsonElement Payload) UpdateFirmware(int jobId, int? retries, int? retryInterval, JsonObject firmware) =>
        (MaintenanceJobKinds.UpdateFirmware, ChargePointCommands.Payload(new JsonObject
        {
            ["retries"] = retries,
            ["retryInterval"] = retryInterval,
            ["requestId"] = jobId,
            ["firmware"] = firmware,
        }));
}
