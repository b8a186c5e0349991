using System.Diagnostics;
using System.Diagnostics.Metrics;
using OrleansCsms.Frontend.Ocpp;
using OrleansCsms.Frontend.Statistics;
using OrleansCsms.Ocpp;
using OrleansCsms.Ocpp.V16;
using OrleansCsms.Ocpp.V201;

namespace OrleansCsms.Frontend.Metrics;

/// <summary>
/// The front-end's OCPP instruments, on the <see cref="MeterName"/> meter from the host's <see cref="IMeterFactory"/>.
/// Tags are built once, and an action name is taken from the version's catalogue, never from the wire: a charge
/// point sending made-up actions must not create series at will.
/// </summary>
public sealed class OcppMetrics
{
    /// <summary>The name of the meter every instrument here belongs to.</summary>
    public const string MeterName = "OrleansCsms";

    private static readonly KeyValuePair<string, object?> Call = new("message_type", "call");
    private static readonly KeyValuePair<string, object?> CallResult = new("message_type", "callresult");
    private static readonly KeyValuePair<string, object?> CallError = new("message_type", "callerror");
    private static readonly KeyValuePair<string, object?> Malformed = new("message_type", "malformed");
    private static readonly KeyValuePair<string, object?> UnknownAction = new("action", "unknown");

    private readonly Counter<long> _framesReceived;
    private readonly Counter<long> _framesSent;
    private readonly Histogram<double> _callDuration;
    private readonly FrontEndCounters _counters;

    public OcppMetrics(IMeterFactory meters, LocalChargePointConnections connections, FrontEndCounters counters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _counters = counters;
        var meter = meters.Create(MeterName);

        // Read when scraped, so an exporter started late still sees the true number.
        meter.CreateObservableGauge("csms_ocpp_connections", () => connections.Count, "{connection}", "Charge point WebSocket connections open on this front-end.");
        _framesReceived = meter.CreateCounter<long>(
            "csms_ocpp_frames_received", "{frame}", "OCPP-J frames received from charge points, by message type (malformed when unreadable).");
        _framesSent = meter.CreateCounter<long>("csms_ocpp_frames_sent", "{frame}", "OCPP-J frames sent to charge points, by message type.");
        _callDuration = meter.CreateHistogram<double>(
            "csms_ocpp_call_duration", "s", "Time from a charge point's CALL being taken from its queue to its answer being sent.");
    }

    public void FrameReceived(in OcppFrameReadResult read)
    {
        _framesReceived.Add(1, read.IsSuccess ? TagOf(read.Message) : Malformed);
        if (read.IsSuccess && read.Message is OcppCall call)
        {
            _counters.CallReceived(call.Action);
        }
    }

    public void FrameSent(OcppMessage message)
    {
        _framesSent.Add(1, TagOf(message));
        if (message is OcppCall call)
        {
            _counters.CallSent(call.Action);
        }
    }

    /// <summary>Records the time since <paramref name="dequeuedAt"/> (a <see cref="Stopwatch"/> timestamp) against the call's action.</summary>
    public void CallAnswered(OcppVersion version, string action, long dequeuedAt) =>
        _callDuration.Record(Stopwatch.GetElapsedTime(dequeuedAt).TotalSeconds, ActionTag(version, action));

    private static KeyValuePair<string, object?> TagOf(OcppMessage message) => message.MessageType switch
    {
        OcppMessageType.Call => Call,
        OcppMessageType.CallResult => CallResult,
        _ => CallError,
    };

    private static KeyValuePair<string, object?> ActionTag(OcppVersion version, string action) => version switch
    {
        OcppVersion.V16 when V16Actions.TryGet(action, out var known) => new("action", known.Name),
        OcppVersion.V201 when V201Actions.TryGet(action, out var known) => new("action", known.Name),
        _ => UnknownAction,
    };
}
