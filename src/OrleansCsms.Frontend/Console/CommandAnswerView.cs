using System.Text.Json;
using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Console;

/// <summary>A command's outcome as the console shows it: the status the charge point answered, or why there is none.</summary>
public sealed record CommandAnswerView(string Action, bool Succeeded, string Summary, string? Payload)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static CommandAnswerView From(string action, ChargePointCallResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var payload = result.Payload is { } answer ? JsonSerializer.Serialize(answer, Indented) : null;
        return result.Outcome switch
        {
            CallOutcome.Completed => new(action, result.AnsweredStatus() is null or "Accepted" or "Unlocked" or "Scheduled", result.AnsweredStatus() ?? "Answered", payload),
            CallOutcome.NotConnected => new(action, false, "Not connected: the charge point has no open connection.", null),
            CallOutcome.TimedOut => new(action, false, "No answer in time.", null),
            CallOutcome.UnknownChargePoint => new(action, false, "Unknown charge point.", null),
            CallOutcome.NotSupportedByProtocol => new(action, false, $"Not available in the charge point's OCPP version: {result.ErrorDescription}", null),
            _ => new(action, false, $"Answered with an error, {result.ErrorCode}: {result.ErrorDescription}", null),
        };
    }

    public static CommandAnswerView Forbidden(string action) =>
        new(action, false, "Refused: sending commands needs the operator or admin role.", null);

    public static CommandAnswerView Invalid(string action, string reason) => new(action, false, reason, null);
}
