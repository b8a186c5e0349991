namespace OrleansCsms.Grains;

/// <summary>Persisted state of a transaction grain (one charging session).</summary>
[GenerateSerializer]
[Alias("csms.TransactionState")]
public sealed class TransactionState : IRaisesEvents
{
    [Id(0)]
    public int TransactionId { get; set; }

    [Id(1)]
    public string ChargePointId { get; set; } = "";

    [Id(2)]
    public int ConnectorId { get; set; }

    [Id(3)]
    public string IdTag { get; set; } = "";

    /// <summary>Status of the id tag when the transaction started.</summary>
    [Id(4)]
    public string? StartIdTagStatus { get; set; }

    [Id(5)]
    public int? ReservationId { get; set; }

    /// <summary>Start as the charge point reported it; null for a transaction known only from its stop.</summary>
    [Id(6)]
    public DateTimeOffset? StartTimestamp { get; set; }

    [Id(7)]
    public int? MeterStart { get; set; }

    [Id(8)]
    public DateTimeOffset? StopTimestamp { get; set; }

    [Id(9)]
    public int? MeterStop { get; set; }

    [Id(10)]
    public string? StopReason { get; set; }

    [Id(11)]
    public string? StopIdTag { get; set; }

    /// <summary>True from start to stop.</summary>
    [Id(12)]
    public bool Active { get; set; }

    /// <summary>Energy delivered in Wh: meterStop − meterStart once stopped, else the latest energy register reading − meterStart.</summary>
    [Id(13)]
    public long? EnergyWh { get; set; }

    /// <summary>Latest reading per measurand (and phase), keyed like "Energy.Active.Import.Register" or "Current.Import/L1".</summary>
    [Id(14)]
    public SortedDictionary<string, LatestReading> LastReadings { get; set; } = [];

    [Id(15)]
    public DateTimeOffset? LastMeterValueAt { get; set; }

    [Id(16)]
    public int MeterValueCount { get; set; }

    /// <summary>Who ended the transaction: the charge point (its StopTransaction), an operator, or the CSMS itself; null while in progress.</summary>
    [Id(19)]
    public string? EndedBy { get; set; }

    /// <summary>Why an operator or the CSMS ended the transaction, in words.</summary>
    [Id(20)]
    public string? EndNote { get; set; }

    /// <summary>The station's own id for the transaction (OCPP 2.0.1); null for a 1.6 transaction, whose id is the CSMS's.</summary>
    [Id(21)]
    public string? StationTransactionId { get; set; }

    /// <summary>The connector within the EVSE (OCPP 2.0.1), whose id <see cref="ConnectorId"/> holds.</summary>
    [Id(22)]
    public int? EvseConnectorId { get; set; }

    /// <summary>The sequence numbers of the events received (OCPP 2.0.1), as runs: a hole between two runs is an event still missing.</summary>
    [Id(23)]
    public List<SeqNoRange> SeqNos { get; set; } = [];

    /// <summary>Whether any of its events was queued by the station while offline.</summary>
    [Id(24)]
    public bool OfflineEvents { get; set; }

    /// <summary>The station's last reported charging state: Charging, EVConnected, SuspendedEV, SuspendedEVSE or Idle.</summary>
    [Id(25)]
    public string? ChargingState { get; set; }

    /// <summary>Why the station sent its latest event.</summary>
    [Id(26)]
    public string? LastTriggerReason { get; set; }

    /// <summary>The id of the remote start that caused the transaction, when one did.</summary>
    [Id(27)]
    public int? RemoteStartId { get; set; }

    /// <summary>The type of the id token that authorized it (OCPP 2.0.1: ISO14443, eMAID, Central, ...).</summary>
    [Id(28)]
    public string? IdTokenType { get; set; }

    /// <summary>How long the EV charged, as the station last reported it.</summary>
    [Id(29)]
    public int? TimeSpentChargingSeconds { get; set; }

    /// <summary>The tariff the session is priced by, as it was when chosen: later changes to the tariff book do not reprice it.</summary>
    [Id(34)]
    public Tariff? Tariff { get; set; }

    /// <summary>The id tag the tariff was chosen for ("" when chosen before any token); null until one was looked for.</summary>
    [Id(35)]
    public string? TariffChosenFor { get; set; }

    /// <summary>What the session cost at its latest event, or in the end; null when no tariff applies.</summary>
    [Id(36)]
    public TransactionCost? Cost { get; set; }

    /// <summary>When the CSMS last sent the station a CostUpdated for the session.</summary>
    [Id(37)]
    public DateTimeOffset? CostUpdatedSentAt { get; set; }

    [Id(17)]
    public DateTimeOffset? CreatedAt { get; set; }

    [Id(18)]
    public DateTimeOffset? UpdatedAt { get; set; }

    /// <summary>Events raised by changes not written yet; stored with the next write, in its transaction (see <see cref="IRaisesEvents"/>).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public List<RaisedEvent> RaisedEvents => _raisedEvents;

    [NonSerialized]
    private readonly List<RaisedEvent> _raisedEvents = [];
}

/// <summary>Who ended a transaction.</summary>
public static class TransactionEnders
{
    /// <summary>The charge point, with a StopTransaction.</summary>
    public const string ChargePoint = "ChargePoint";

    /// <summary>An operator, through the API.</summary>
    public const string Operator = "Operator";

    /// <summary>The CSMS itself: the charge point started another transaction on the same connector or booted, or a session stop could not reach it.</summary>
    public const string Csms = "Csms";
}

/// <summary>The latest reading of one measurand.</summary>
[GenerateSerializer]
[Alias("csms.LatestReading")]
public sealed record LatestReading(string Value, string? Unit, DateTimeOffset Timestamp);
