namespace OrleansCsms.Grains;

/// <summary>Persisted state of a transaction grain (one charging session).</summary>
public sealed class TransactionState
{
    public int TransactionId { get; set; }

    public string ChargePointId { get; set; } = "";

    public int ConnectorId { get; set; }

    public string IdTag { get; set; } = "";

    /// <summary>Status of the id tag when the transaction started.</summary>
    public string? StartIdTagStatus { get; set; }

    public int? ReservationId { get; set; }

    /// <summary>Start as the charge point reported it; null for a transaction known only from its stop.</summary>
    public DateTimeOffset? StartTimestamp { get; set; }

    public int? MeterStart { get; set; }

    public DateTimeOffset? StopTimestamp { get; set; }

    public int? MeterStop { get; set; }

    public string? StopReason { get; set; }

    public string? StopIdTag { get; set; }

    /// <summary>True from start to stop.</summary>
    public bool Active { get; set; }

    /// <summary>Energy delivered in Wh: meterStop − meterStart once stopped, else the latest energy register reading − meterStart.</summary>
    public long? EnergyWh { get; set; }

    /// <summary>Latest reading per measurand (and phase), keyed like "Energy.Active.Import.Register" or "Current.Import/L1".</summary>
    public SortedDictionary<string, LatestReading> LastReadings { get; set; } = [];

    public DateTimeOffset? LastMeterValueAt { get; set; }

    public int MeterValueCount { get; set; }

    public DateTimeOffset? CreatedAt { get; set; }

    public DateTimeOffset? UpdatedAt { get; set; }
}

/// <summary>The latest reading of one measurand.</summary>
public sealed record LatestReading(string Value, string? Unit, DateTimeOffset Timestamp);
