using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrleansCsms.Grains;

/// <summary>Phrases a job's command as the OCPP 1.6 call it sends; GetLog and SignedUpdateFirmware carry the job id as their requestId.</summary>
internal static class MaintenanceJobCalls
{
    public static (string Kind, JsonElement Payload) ToV16(ChargePointCommand command, int jobId) => command switch
    {
        UpdateFirmwareCommand or GetDiagnosticsCommand => Existing(command),
        GetLogCommand c => (MaintenanceJobKinds.GetLog, ChargePointCommands.Payload(new JsonObject
        {
            ["log"] = Without(new JsonObject
            {
                ["remoteLocation"] = c.RemoteLocation,
                ["oldestTimestamp"] = ChargePointCommands.Timestamp(c.OldestTimestamp),
                ["latestTimestamp"] = ChargePointCommands.Timestamp(c.LatestTimestamp),
            }),
            ["logType"] = c.LogType,
            ["requestId"] = jobId,
            ["retries"] = c.Retries,
            ["retryInterval"] = c.RetryInterval,
        })),
        SignedUpdateFirmwareCommand c => (MaintenanceJobKinds.SignedUpdateFirmware, ChargePointCommands.Payload(new JsonObject
        {
            ["retries"] = c.Retries,
            ["retryInterval"] = c.RetryInterval,
            ["requestId"] = jobId,
            ["firmware"] = Without(new JsonObject
            {
                ["location"] = c.Location,
                ["retrieveDateTime"] = ChargePointCommands.Timestamp(c.RetrieveDateTime),
                ["installDateTime"] = ChargePointCommands.Timestamp(c.InstallDateTime),
                ["signingCertificate"] = c.SigningCertificate,
                ["signature"] = c.Signature,
            }),
        })),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Not a maintenance job's command."),
    };

    private static (string Kind, JsonElement Payload) Existing(ChargePointCommand command)
    {
        var (action, payload) = ChargePointCommands.ToV16(command);
        return (action, payload);
    }

    // Nested optional fields are left out like top-level ones: the 1.6 schemas allow no null.
    private static JsonObject Without(JsonObject nested)
    {
        foreach (var name in nested.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            nested.Remove(name);
        }

        return nested;
    }
}
