using System.ComponentModel.DataAnnotations;

namespace OrleansCsms.Frontend.Ocpp;

/// <summary>OCPP endpoint settings, bound from the "Ocpp" configuration section.</summary>
public sealed class OcppOptions
{
    /// <summary>
    /// "open": an unknown charge point is registered on its first connection. "closed": unknown identities
    /// are refused at the handshake with HTTP 404. Unset: open only while no API key and no operator account exist.
    /// </summary>
    [RegularExpression("^(open|closed)$")]
    public string? Admission { get; set; }

    /// <summary>
    /// Longest charge point identity, in characters, at the handshake and in the REST API alike (OCPP 2.0.1 sets 48).
    /// </summary>
    [Range(1, 1_000)]
    public int MaxIdentityLength { get; set; } = ChargePointIdentity.DefaultMaxLength;

    /// <summary>Largest frame accepted from a charge point, in bytes; a bigger one closes the connection (1009) as soon as its bytes pass the limit.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxFrameBytes { get; set; } = 64 * 1024;

    /// <summary>Interval of WebSocket pings, in seconds (0: none).</summary>
    [Range(0, 3_600)]
    public int KeepAliveSeconds { get; set; } = 30;

    /// <summary>A connection that does not answer a ping within this many seconds is closed (0: never).</summary>
    [Range(0, 3_600)]
    public int KeepAliveTimeoutSeconds { get; set; } = 60;

    /// <summary>Consecutive malformed frames after which a charge point is cut off.</summary>
    [Range(1, 10_000)]
    public int MaxConsecutiveErrors { get; set; } = 20;

    /// <summary>Calls a charge point may have queued (sent but not yet answered) before it is cut off.</summary>
    [Range(1, 10_000)]
    public int MaxQueuedCalls { get; set; } = 100;

    /// <summary>
    /// Highest connector id a charge point may name: 0 is the charge point as a whole, 1 to this its connectors. A call
    /// naming any other id gets CALLERROR PropertyConstraintViolation and stores nothing.
    /// </summary>
    [Range(1, 1_000)]
    public int MaxConnectorId { get; set; } = 32;

    /// <summary>
    /// A charge point's heartbeats reach its grain at most this often, in seconds (0: every one); the front-end answers
    /// those in between with the time itself, so a charge point flooding heartbeats costs its grain nothing.
    /// </summary>
    [Range(0, 3_600)]
    public int HeartbeatForwardSeconds { get; set; } = 10;
}
