using System.Diagnostics;
using OrleansCsms.Ocpp;
using OrleansCsms.Ocpp.V16;
using OrleansCsms.Runtime.Diagnostics;

namespace OrleansCsms.Frontend.Metrics;

/// <summary>
/// Records a connection's frames and calls. Tags are built once, and an action name is taken from the version's
/// catalogue, never from the wire: a charge point sending made-up actions must not create series at will.
/// </summary>
internal static class OcppMetrics
{
    private static readonly KeyValuePair<string, object?> Call = CsmsInstruments.MessageType("call");
    private static readonly KeyValuePair<string, object?> CallResult = CsmsInstruments.MessageType("callresult");
    private static readonly KeyValuePair<string, object?> CallError = CsmsInstruments.MessageType("callerror");
    private static readonly KeyValuePair<string, object?> Malformed = CsmsInstruments.MessageType("malformed");
    private static readonly KeyValuePair<string, object?> UnknownAction = CsmsInstruments.Action("unknown");

    public static void FrameReceived(in OcppFrameReadResult read) =>
        CsmsInstruments.OcppFramesReceived.Add(1, read.IsSuccess ? TagOf(read.Message) : Malformed);

    public static void FrameSent(OcppMessage message) => CsmsInstruments.OcppFramesSent.Add(1, TagOf(message));

    /// <summary>Records the time since <paramref name="dequeuedAt"/> (a <see cref="Stopwatch"/> timestamp) against the call's action.</summary>
    public static void CallAnswered(OcppVersion version, string action, long dequeuedAt) =>
        CsmsInstruments.OcppCallDuration.Record(Stopwatch.GetElapsedTime(dequeuedAt).TotalSeconds, ActionTag(version, action));

    private static KeyValuePair<string, object?> TagOf(OcppMessage message) => message.MessageType switch
    {
        OcppMessageType.Call => Call,
        OcppMessageType.CallResult => CallResult,
        _ => CallError,
    };

    private static KeyValuePair<string, object?> ActionTag(OcppVersion version, string action) =>
        version == OcppVersion.V16 && V16Actions.TryGet(action, out var known) ? CsmsInstruments.Action(known.Name) : UnknownAction;
}
