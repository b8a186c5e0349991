using System.Text.Json;

namespace OrleansCsms.Grains;

/// <summary>Reads how a station answered the change of one setting, whichever version's words it was asked in.</summary>
public static class ConfigurationAnswers
{
    /// <summary>
    /// The status of a ChangeConfiguration (OCPP 1.6), or the attributeStatus of the one variable a SetVariables
    /// (OCPP 2.0.1) set: Accepted, Rejected, RebootRequired, ...; null when the station gave neither.
    /// </summary>
    public static string? StatusOf(ChargePointCallResult call)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (call.AnsweredStatus() is { } status)
        {
            return status;
        }

        return call.Outcome == CallOutcome.Completed
            && call.Payload is { ValueKind: JsonValueKind.Object } payload
            && payload.TryGetProperty("setVariableResult", out var results)
            && results.ValueKind == JsonValueKind.Array
            && results.GetArrayLength() == 1
            && results[0].TryGetProperty("attributeStatus", out var attributeStatus)
            && attributeStatus.ValueKind == JsonValueKind.String
                ? attributeStatus.GetString()
                : null;
    }
}
