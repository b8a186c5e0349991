namespace OrleansCsms.Grains;

/// <summary>Persisted state of a charge point grain.</summary>
public sealed class ChargePointState
{
    /// <summary>Charge point identity.</summary>
    public string Id { get; set; } = "";

    /// <summary>Whether the charge point is registered (by an operator, or on first connect under open admission).</summary>
    public bool Registered { get; set; }

    public DateTimeOffset? RegisteredAt { get; set; }

    public string? Description { get; set; }

    public string? Location { get; set; }

    /// <summary>PBKDF2 hash of the Basic auth password; never returned by the API.</summary>
    public string? PasswordHash { get; set; }

    /// <summary>Whether boots are accepted: set when an operator registers it, or by policy when it registered itself.</summary>
    public bool Approved { get; set; }

    /// <summary>Last answer to a BootNotification: Accepted, Pending or Rejected; null before the first boot.</summary>
    public string? BootStatus { get; set; }

    public DateTimeOffset? LastBootAt { get; set; }

    public BootInfo? Boot { get; set; }

    public DateTimeOffset? LastHeartbeatAt { get; set; }

    /// <summary>Status of connector 0, the charge point as a whole.</summary>
    public string? Status { get; set; }

    public bool Connected { get; set; }

    public DateTimeOffset? ConnectedAt { get; set; }

    public DateTimeOffset? DisconnectedAt { get; set; }

    /// <summary>The connection currently holding the charge point's socket.</summary>
    public ChargePointSession? Session { get; set; }

    /// <summary>Connectors by id; 0 is the charge point as a whole.</summary>
    public SortedDictionary<int, ConnectorState> Connectors { get; set; } = [];

    public List<int> ActiveTransactionIds { get; set; } = [];

    /// <summary>Recent StartTransaction business keys and the transaction ids they were given, for idempotent replays.</summary>
    public List<RecentStart> RecentStarts { get; set; } = [];

    /// <summary>StopTransactions for transactions this charge point never started here (unknown or -1 ids).</summary>
    public List<UnmatchedStop> UnmatchedStops { get; set; } = [];

    public string? FirmwareStatus { get; set; }

    public DateTimeOffset? FirmwareStatusAt { get; set; }

    public string? DiagnosticsStatus { get; set; }

    public DateTimeOffset? DiagnosticsStatusAt { get; set; }
}

/// <summary>Last reported status of one connector.</summary>
public sealed record ConnectorState(
    string Status,
    string ErrorCode,
    DateTimeOffset Timestamp,
    string? Info = null,
    string? VendorId = null,
    string? VendorErrorCode = null);

/// <summary>A StartTransaction business key and the transaction id it was given.</summary>
public sealed record RecentStart(int ConnectorId, string IdTag, DateTimeOffset Timestamp, int MeterStart, int TransactionId, string IdTagStatus);

/// <summary>A StopTransaction that matched no transaction started here.</summary>
public sealed record UnmatchedStop(int TransactionId, DateTimeOffset Timestamp, int MeterStop, string? IdTag, string? Reason, DateTimeOffset ReceivedAt);
