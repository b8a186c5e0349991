using System.ComponentModel.DataAnnotations;

namespace OrleansCsms.Grains;

/// <summary>How charge points are answered, bound from the "Ocpp" configuration section.</summary>
public sealed class ChargePointOptions
{
    /// <summary>Heartbeat interval given to accepted charge points, in seconds.</summary>
    [Range(1, 86_400)]
    public int HeartbeatIntervalSeconds { get; set; } = 300;

    /// <summary>Interval after which a Pending or Rejected charge point should boot again, in seconds.</summary>
    [Range(1, 86_400)]
    public int BootRetryIntervalSeconds { get; set; } = 60;

    /// <summary>
    /// Boot answer for a charge point that registered itself under open admission and no operator has
    /// approved yet: Accepted (default), Pending or Rejected.
    /// </summary>
    [RegularExpression("^(Accepted|Pending|Rejected)$")]
    public string NewChargePointBootStatus { get; set; } = "Accepted";

    /// <summary>How long a server-initiated call waits for the charge point's answer, in seconds.</summary>
    [Range(1, 600)]
    public int CallTimeoutSeconds { get; set; } = 30;

    /// <summary>Heartbeats update memory at once but are written to storage at most this often, in seconds.</summary>
    [Range(1, 3_600)]
    public int HeartbeatPersistSeconds { get; set; } = 60;

    /// <summary>
    /// MeterValues are committed before they are acknowledged; a transaction's summary derived from them (energy,
    /// latest readings) is written at most this often while it runs, and at its stop, in seconds.
    /// </summary>
    [Range(1, 3_600)]
    public int TransactionSummaryPersistSeconds { get; set; } = 10;

    /// <summary>The most entries a charge point's local authorization list may hold (a charge point's own LocalAuthListMaxLength may be lower).</summary>
    [Range(1, 100_000)]
    public int LocalAuthListMaxEntries { get; set; } = 10_000;

    /// <summary>The most security events kept per charge point; older ones are dropped (and counted) as new ones arrive.</summary>
    [Range(1, 100_000)]
    public int SecurityEventsKept { get; set; } = 1_000;

    /// <summary>The most commands that may wait for one offline charge point; settled ones are kept, as many again, to be read back.</summary>
    [Range(1, 10_000)]
    public int MaxQueuedCommands { get; set; } = 100;

    /// <summary>The most NotifyEvent events kept per OCPP 2.0.1 station; older ones are dropped (and counted) as new ones arrive.</summary>
    [Range(1, 100_000)]
    public int StationEventsKept { get; set; } = 1_000;
}
