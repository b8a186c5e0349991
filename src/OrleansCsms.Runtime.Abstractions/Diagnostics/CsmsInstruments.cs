using System.Diagnostics.Metrics;

namespace OrleansCsms.Runtime.Diagnostics;

/// <summary>
/// The system's metric instruments, all on the <see cref="MeterName"/> meter. They are static so that recording
/// costs a field read and whatever listener is attached; with none attached, a measurement is almost free.
/// Names follow Prometheus conventions because that is how they are scraped.
/// </summary>
public static class CsmsInstruments
{
    /// <summary>The name of the meter every instrument here belongs to.</summary>
    public const string MeterName = "OrleansCsms";

    private static readonly ObservedCounts Connections = new();
    private static readonly ObservedCounts Activations = new();
    private static readonly ObservedCounts PartitionsOwned = new();

    /// <summary>The meter; touching it creates every instrument here, so an exporter lists them all from the start.</summary>
    public static Meter Meter { get; } = new(MeterName);

    /// <summary>
    /// Charge point WebSocket connections open on this front-end: the sum over the sources given to
    /// <see cref="ObserveConnections"/>. Read when scraped, so a listener started late still sees the true number.
    /// </summary>
    public static ObservableGauge<int> OcppConnections { get; } = Meter.CreateObservableGauge(
        "csms_ocpp_connections", Connections.Observe, "{connection}", "Charge point WebSocket connections open on this front-end.");

    /// <summary>OCPP-J frames read from charge points, tagged with <see cref="MessageType"/>.</summary>
    public static Counter<long> OcppFramesReceived { get; } = Meter.CreateCounter<long>(
        "csms_ocpp_frames_received_total", "{frame}", "OCPP-J frames received from charge points, by message type (malformed when unreadable).");

    /// <summary>OCPP-J frames written to charge points, tagged with <see cref="MessageType"/>.</summary>
    public static Counter<long> OcppFramesSent { get; } = Meter.CreateCounter<long>(
        "csms_ocpp_frames_sent_total", "{frame}", "OCPP-J frames sent to charge points, by message type.");

    /// <summary>Seconds from a charge point's CALL leaving the connection's queue to its answer being sent, tagged with <see cref="Action"/>.</summary>
    public static Histogram<double> OcppCallDuration { get; } = Meter.CreateHistogram<double>(
        "csms_ocpp_call_duration_seconds", "s", "Time from a charge point's CALL being taken from its queue to its answer being sent.");

    /// <summary>Grain calls run, tagged with <see cref="GrainType"/>.</summary>
    public static Counter<long> GrainCalls { get; } = Meter.CreateCounter<long>(
        "csms_grain_calls_total", "{call}", "Grain calls run by this process, by grain type.");

    /// <summary>Seconds a grain call's turn runs, tagged with <see cref="GrainType"/>; queueing before the turn is not included.</summary>
    public static Histogram<double> GrainTurnDuration { get; } = Meter.CreateHistogram<double>(
        "csms_grain_turn_duration_seconds", "s", "Time a grain call's turn runs, by grain type.");

    /// <summary>Grain activations started by this process, tagged with <see cref="GrainType"/>.</summary>
    public static Counter<long> GrainActivationsCreated { get; } = Meter.CreateCounter<long>(
        "csms_grain_activations_created_total", "{activation}", "Grain activations started by this process, by grain type.");

    /// <summary>Grain activations currently in this process: the sum over the sources given to <see cref="ObserveActivations"/>.</summary>
    public static ObservableGauge<int> GrainActivations { get; } = Meter.CreateObservableGauge(
        "csms_grain_activations", Activations.Observe, "{activation}", "Grain activations currently in this process.");

    /// <summary>Key-space partitions this silo owns: the sum over the sources given to <see cref="ObservePartitionsOwned"/>.</summary>
    public static ObservableGauge<int> ClusterPartitionsOwned { get; } = Meter.CreateObservableGauge(
        "csms_cluster_partitions_owned", PartitionsOwned.Observe, "{partition}", "Key-space partitions this silo currently owns.");

    /// <summary>Frames and commands a front-end forwarded to the silo that owns their grain, rather than serving them locally.</summary>
    public static Counter<long> ClusterFramesRouted { get; } = Meter.CreateCounter<long>(
        "csms_cluster_frames_routed_total", "{frame}", "Frames and commands routed to the silo that owns their grain.");

    /// <summary>Grain calls sent again because their partition moved or its owner was unreachable.</summary>
    public static Counter<long> ClusterCallRetries { get; } = Meter.CreateCounter<long>(
        "csms_cluster_call_retries_total", "{call}", "Grain calls retried because their partition moved or its owner was unreachable.");

    /// <summary>The <c>message_type</c> tag: call, callresult, callerror or malformed.</summary>
    public static KeyValuePair<string, object?> MessageType(string messageType) => new("message_type", messageType);

    /// <summary>The <c>action</c> tag: an OCPP action name.</summary>
    public static KeyValuePair<string, object?> Action(string action) => new("action", action);

    /// <summary>The <c>grain_type</c> tag: a grain type name such as <c>ChargePoint</c>.</summary>
    public static KeyValuePair<string, object?> GrainType(string grainType) => new("grain_type", grainType);

    /// <summary>
    /// Times a grain call's turn and counts the call when disposed; meant for a <c>using</c> around the turn, so a
    /// turn that throws is measured too.
    /// </summary>
    public static GrainTurnTimer TimeGrainTurn(string grainType) => new(grainType);

    /// <summary>Adds a source of the open connection count (a front-end's connection registry); disposing the result removes it.</summary>
    public static IDisposable ObserveConnections(Func<int> connectionCount) => Connections.Add(connectionCount);

    /// <summary>Adds a source of the activation count (a grain router); disposing the result removes it.</summary>
    public static IDisposable ObserveActivations(Func<int> activationCount) => Activations.Add(activationCount);

    /// <summary>Adds a source of the owned partition count (a silo's ownership); disposing the result removes it.</summary>
    public static IDisposable ObservePartitionsOwned(Func<int> partitionsOwned) => PartitionsOwned.Add(partitionsOwned);
}
