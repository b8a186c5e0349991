namespace OrleansCsms.Grains;

/// <summary>Persisted state of a charge point grain.</summary>
[GenerateSerializer]
[Alias("csms.ChargePointState")]
public sealed class ChargePointState : IRaisesEvents
{
    /// <summary>Charge point identity.</summary>
    [Id(0)]
    public string Id { get; set; } = "";

    /// <summary>Whether the charge point is registered (by an operator, or on first connect under open admission).</summary>
    [Id(1)]
    public bool Registered { get; set; }

    [Id(2)]
    public DateTimeOffset? RegisteredAt { get; set; }

    [Id(3)]
    public string? Description { get; set; }

    [Id(4)]
    public string? Location { get; set; }

    /// <summary>PBKDF2 hash of the Basic auth password; never returned by the API.</summary>
    [Id(5)]
    public string? PasswordHash { get; set; }

    /// <summary>Whether boots are accepted: set when an operator registers it, or by policy when it registered itself.</summary>
    [Id(6)]
    public bool Approved { get; set; }

    /// <summary>Last answer to a BootNotification: Accepted, Pending or Rejected; null before the first boot.</summary>
    [Id(7)]
    public string? BootStatus { get; set; }

    [Id(8)]
    public DateTimeOffset? LastBootAt { get; set; }

    [Id(9)]
    public BootInfo? Boot { get; set; }

    [Id(10)]
    public DateTimeOffset? LastHeartbeatAt { get; set; }

    /// <summary>Status of connector 0, the charge point as a whole.</summary>
    [Id(11)]
    public string? Status { get; set; }

    [Id(12)]
    public bool Connected { get; set; }

    [Id(13)]
    public DateTimeOffset? ConnectedAt { get; set; }

    [Id(14)]
    public DateTimeOffset? DisconnectedAt { get; set; }

    /// <summary>The connection currently holding the charge point's socket.</summary>
    [Id(15)]
    public ChargePointSession? Session { get; set; }

    /// <summary>Connectors by id; 0 is the charge point as a whole.</summary>
    [Id(16)]
    public SortedDictionary<int, ConnectorState> Connectors { get; set; } = [];

    /// <summary>The transaction open on each connector, by connector id: at most one each.</summary>
    [Id(24)]
    public SortedDictionary<int, int> OpenTransactions { get; set; } = [];

    /// <summary>
    /// The last StartTransaction of each connector and the id it was given: a charge point that resends a start it
    /// got no answer for gets the same id (bounded by the number of connectors).
    /// </summary>
    [Id(25)]
    public SortedDictionary<int, RecentStart> LastStarts { get; set; } = [];

    /// <summary>StopTransactions for transactions this charge point never started here (unknown or -1 ids).</summary>
    [Id(19)]
    public List<UnmatchedStop> UnmatchedStops { get; set; } = [];

    [Id(20)]
    public string? FirmwareStatus { get; set; }

    [Id(21)]
    public DateTimeOffset? FirmwareStatusAt { get; set; }

    [Id(22)]
    public string? DiagnosticsStatus { get; set; }

    [Id(23)]
    public DateTimeOffset? DiagnosticsStatusAt { get; set; }

    /// <summary>
    /// The reservations made on this charge point that a StartTransaction may use, by reservation id. Their grains
    /// decide whether they still can: one cancelled or used meanwhile is dropped here when a start asks it.
    /// </summary>
    [Id(40)]
    public SortedDictionary<int, ReservationHold> Reservations { get; set; } = [];

    /// <summary>Whether an operator gave the charge point a local authorization list, which its boots then bring up to date.</summary>
    [Id(50)]
    public bool LocalListManaged { get; set; }

    /// <summary>Whether the charge point was given charging profiles, whose grain then hears of its transactions (TxProfiles are bound to them).</summary>
    [Id(60)]
    public bool ChargingProfilesManaged { get; set; }

    /// <summary>Its security profiles and the rotation of its AuthorizationKey.</summary>
    [Id(80)]
    public ChargePointSecurity Security { get; set; } = new();
    /// <summary>
    /// The latest maintenance job of each kind (<see cref="MaintenanceJobKinds"/>) sent to the charge point, by kind: a
    /// FirmwareStatusNotification or DiagnosticsStatusNotification carries no request id, so it reports on this one.
    /// </summary>
    [Id(70)]
    public Dictionary<string, int> LatestJobs { get; set; } = [];

    /// <summary>The last LogStatusNotification status, whether or not it belonged to a job.</summary>
    [Id(71)]
    public string? LogStatus { get; set; }

    [Id(72)]
    public DateTimeOffset? LogStatusAt { get; set; }

    /// <summary>Commands queued while the charge point was offline, oldest first: the pending ones and the latest settled ones.</summary>
    [Id(100)]
    public List<QueuedCommand> QueuedCommands { get; set; } = [];

    /// <summary>The id the next queued command gets.</summary>
    [Id(101)]
    public int NextQueuedCommandId { get; set; } = 1;

    /// <summary>The OCPP subprotocol the charge point last connected with ("ocpp1.6", "ocpp2.0.1"); null before its first connection.</summary>
    [Id(110)]
    public string? Protocol { get; set; }

    /// <summary>
    /// The transactions an OCPP 2.0.1 station named with its own ids, by that id: all open ones, and the latest ended
    /// ones so that events replayed from the station's offline queue still find theirs.
    /// </summary>
    [Id(111)]
    public Dictionary<string, StationTransaction> StationTransactions { get; set; } = [];

    /// <summary>The status of every connector of every EVSE (OCPP 2.0.1), by EVSE id then connector id; <see cref="Connectors"/> holds each EVSE's latest.</summary>
    [Id(112)]
    public SortedDictionary<int, SortedDictionary<int, ConnectorState>> EvseConnectors { get; set; } = [];

    /// <summary>
    /// The answer an operator holds the charge point's boots at (Pending, to provision it first, or Rejected) whatever
    /// its approval; null when boots are answered by approval alone.
    /// </summary>
    [Id(113)]
    public string? HeldBootStatus { get; set; }
    /// <summary>Where the charge point stands, for the map; null until an operator sets it.</summary>
    [Id(90)]
    public GeoPosition? Position { get; set; }

    /// <summary>The charge point's street address in free text, shown on its public page.</summary>
    [Id(91)]
    public string? Address { get; set; }

    /// <summary>Events raised by changes not written yet; stored with the next write, in its transaction (see <see cref="IRaisesEvents"/>).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public List<RaisedEvent> RaisedEvents => _raisedEvents;

    [NonSerialized]
    private readonly List<RaisedEvent> _raisedEvents = [];
}

/// <summary>Last reported status of one connector.</summary>
[GenerateSerializer]
[Alias("csms.ConnectorState")]
public sealed record ConnectorState(
    string Status,
    string ErrorCode,
    DateTimeOffset Timestamp,
    string? Info = null,
    string? VendorId = null,
    string? VendorErrorCode = null);

/// <summary>A StartTransaction business key and the transaction id it was given.</summary>
[GenerateSerializer]
[Alias("csms.RecentStart")]
public sealed record RecentStart(int ConnectorId, string IdTag, DateTimeOffset Timestamp, int MeterStart, int TransactionId, string IdTagStatus);

/// <summary>A StopTransaction that matched no transaction started here.</summary>
[GenerateSerializer]
[Alias("csms.UnmatchedStop")]
public sealed record UnmatchedStop(int TransactionId, DateTimeOffset Timestamp, int MeterStop, string? IdTag, string? Reason, DateTimeOffset ReceivedAt);
