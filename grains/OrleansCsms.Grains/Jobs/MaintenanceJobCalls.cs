using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrleansCsms.Grains;

/// <summary>
/// Phrases a job's command as the call it sends, in the OCPP version the charge point speaks; GetLog, SignedUpdateFirmware
/// and every OCPP 2.0.1 firmware call carry the job id as their requestId. The kind a job gets is the action it sends,
/// which is also what its status notifications report on.
/// </summary>
internal static class MaintenanceJobCalls
{
    /// <summary>The job's kind and payload, or null when the charge point's version cannot say it (see <see cref="WhyNot"/>).</summary>
    public static (string Kind, JsonElement Payload)? Phrase(ChargePointCommand command, int jobId, string? protocol) =>
        protocol == OcppProtocols.V201 ? V201MaintenanceJobCalls.Phrase(command, jobId) : ToV16(command, jobId);

    /// <summary>Why <paramref name="command"/> cannot be said in the charge point's version.</summary>
    public static string WhyNot(ChargePointCommand command, string? protocol) =>
        protocol == OcppProtocols.V201 ? V201MaintenanceJobCalls.WhyNot(command) : command switch
        {
            UpdateFirmwareCommand => "An OCPP 1.6 charge point installs firmware once it is downloaded: leave installDateTime out.",
            PublishFirmwareCommand or UnpublishFirmwareCommand =>
                "Publishing firmware to the stations behind a local controller is OCPP 2.0.1 only; this charge point speaks OCPP 1.6.",
            _ => $"{command.GetType().Name} has no OCPP 1.6 counterpart.",
        };

    private static (string Kind, JsonElement Payload)? ToV16(ChargePointCommand command, int jobId) => command switch
    {
        UpdateFirmwareCommand { InstallDateTime: not null } => null,
        UpdateFirmwareCommand or GetDiagnosticsCommand => ChargePointCommands.ToV16(command),
        GetLogCommand c => (MaintenanceJobKinds.GetLog, GetLog(c, jobId)),
        SignedUpdateFirmwareCommand c => (MaintenanceJobKinds.SignedUpdateFirmware, ChargePointCommands.Payload(new JsonObject
        {
            ["retries"] = c.Retries,
            ["retryInterval"] = c.RetryInterval,
            ["requestId"] = jobId,
            ["firmware"] = new JsonObject
            {
                ["location"] = c.Location,
                ["retrieveDateTime"] = ChargePointCommands.Timestamp(c.RetrieveDateTime),
                ["installDateTime"] = ChargePointCommands.Timestamp(c.InstallDateTime),
                ["signingCertificate"] = c.SigningCertificate,
                ["signature"] = c.Signature,
            },
        })),
        _ => null,
    };

    /// <summary>GetLog, said alike by the 1.6 security extension and 2.0.1.</summary>
    internal static JsonElement GetLog(GetLogCommand c, int jobId) => ChargePointCommands.Payload(new JsonObject
    {
        ["log"] = new JsonObject
        {
            ["remoteLocation"] = c.RemoteLocation,
            ["oldestTimestamp"] = ChargePointCommands.Timestamp(c.OldestTimestamp),
            ["latestTimestamp"] = ChargePointCommands.Timestamp(c.LatestTimestamp),
        },
        ["logType"] = c.LogType,
        ["requestId"] = jobId,
        ["retries"] = c.Retries,
        ["retryInterval"] = c.RetryInterval,
    });
}
