using System.Text.Json;
using OrleansCsms.Ocpp;

namespace OrleansCsms.Simulator;

/// <summary>How a CALL ended.</summary>
public enum CallOutcomeKind
{
    /// <summary>A CALLRESULT arrived.</summary>
    Result,

    /// <summary>A CALLERROR arrived.</summary>
    Error,

    /// <summary>No answer within the call timeout.</summary>
    Timeout,

    /// <summary>The connection closed before an answer arrived.</summary>
    Disconnected,

    /// <summary>There was no open connection: nothing was sent.</summary>
    NotConnected,
}

/// <summary>The end of one CALL: its answer, or why there is none, and how long it took.</summary>
public sealed record CallOutcome(CallOutcomeKind Kind, JsonElement Payload, OcppErrorCode? ErrorCode, string? ErrorDescription, TimeSpan Latency)
{
    public bool IsResult => Kind == CallOutcomeKind.Result;

    /// <summary>A short label for error statistics: the CALLERROR code, "Timeout" or "Disconnected".</summary>
    public string ErrorLabel => Kind switch
    {
        CallOutcomeKind.Error => ErrorCode?.ToString() ?? "CallError",
        CallOutcomeKind.Timeout => "Timeout",
        CallOutcomeKind.Disconnected => "Disconnected",
        CallOutcomeKind.NotConnected => "NotConnected",
        _ => "None",
    };

    public static CallOutcome Disconnected { get; } = new(CallOutcomeKind.Disconnected, default, null, null, TimeSpan.Zero);

    public static CallOutcome NotConnected { get; } = new(CallOutcomeKind.NotConnected, default, null, null, TimeSpan.Zero);

    public static CallOutcome FromResult(JsonElement payload, TimeSpan latency) => new(CallOutcomeKind.Result, payload, null, null, latency);

    public static CallOutcome FromError(OcppCallError error, TimeSpan latency) =>
        new(CallOutcomeKind.Error, error.ErrorDetails, error.ErrorCode, error.ErrorDescription, latency);

    public static CallOutcome TimedOut(TimeSpan latency) => new(CallOutcomeKind.Timeout, default, null, null, latency);

    public override string ToString() => Kind switch
    {
        CallOutcomeKind.Result => $"CALLRESULT after {Latency.TotalMilliseconds:0.###} ms",
        CallOutcomeKind.Error => $"CALLERROR {ErrorCode}: {ErrorDescription}",
        _ => ErrorLabel,
    };
}
