namespace OrleansCsms.Grains;

/// <summary>Persisted state of a charging profiles grain.</summary>
[GenerateSerializer]
[Alias("csms.ChargingProfilesState")]
public sealed class ChargingProfilesState : IRaisesEvents
{
    /// <summary>The charge point the profiles belong to.</summary>
    [Id(0)]
    public string ChargePointId { get; set; } = "";

    /// <summary>The profiles the charge point accepted, and TxProfiles whose transaction has ended, oldest first.</summary>
    [Id(1)]
    public List<InstalledChargingProfile> Profiles { get; set; } = [];

    /// <summary>TxProfiles sent with a RemoteStartTransaction, waiting for the transaction they are for to start.</summary>
    [Id(2)]
    public List<PendingTxProfile> Pending { get; set; } = [];

    /// <summary>OCPP 2.0.1: the answers to the latest GetChargingProfiles, and reports the station sent on its own, oldest first.</summary>
    [Id(400)]
    public List<ChargingProfilesReport> Reports { get; set; } = [];

    /// <summary>The request id of the next GetChargingProfiles.</summary>
    [Id(401)]
    public int NextRequestId { get; set; } = 1;

    /// <summary>OCPP 2.0.1: limits set outside the CSMS (NotifyChargingLimit), one per source and EVSE, cleared ones kept until replaced.</summary>
    [Id(402)]
    public List<ExternalChargingLimit> Limits { get; set; } = [];

    /// <summary>OCPP 2.0.1: per EVSE, the EV's charging needs and the schedule negotiated for them.</summary>
    [Id(403)]
    public SortedDictionary<int, EvseChargingNegotiation> Negotiations { get; set; } = [];

    /// <summary>Events raised by changes not written yet; stored with the next write, in its transaction (see <see cref="IRaisesEvents"/>).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public List<RaisedEvent> RaisedEvents => _raisedEvents;

    [NonSerialized]
    private readonly List<RaisedEvent> _raisedEvents = [];
}

/// <summary>
/// A charging profile the charge point accepted on a connector (0: the charge point as a whole). A TxProfile is in
/// force until its transaction ends, when the charge point discards it (<see cref="TransactionEndedAt"/>).
/// </summary>
[GenerateSerializer]
[Alias("csms.InstalledChargingProfile")]
[Immutable]
public sealed record InstalledChargingProfile(int ConnectorId, ChargingProfileDefinition Profile, DateTimeOffset InstalledAt, DateTimeOffset? TransactionEndedAt = null)
{
    public bool InForce => TransactionEndedAt is null;
}

/// <summary>
/// A TxProfile sent with a RemoteStartTransaction for an id tag on a connector (null: the one the charge point picks),
/// bound to the transaction that StartTransaction opens for that tag.
/// </summary>
[GenerateSerializer]
[Alias("csms.PendingTxProfile")]
[Immutable]
public sealed record PendingTxProfile(int? ConnectorId, string IdTag, ChargingProfileDefinition Profile, DateTimeOffset SentAt);

/// <summary>The charging profiles the CSMS holds of a charge point.</summary>
[GenerateSerializer]
[Alias("csms.ChargingProfilesView")]
[Immutable]
public sealed record ChargingProfilesView(string ChargePointId, IReadOnlyList<InstalledChargingProfile> Profiles, IReadOnlyList<PendingTxProfile> Pending);

/// <summary>Which profiles a ClearChargingProfile clears: by id, or those matching every criterion given; nothing given clears all.</summary>
[GenerateSerializer]
[Alias("csms.ChargingProfileCriteria")]
[Immutable]
public sealed record ChargingProfileCriteria(int? ChargingProfileId = null, int? ConnectorId = null, string? Purpose = null, int? StackLevel = null)
{
    /// <summary>
    /// Whether <paramref name="installed"/> is cleared: an id clears that profile alone, whatever else is given;
    /// otherwise every criterion given must match.
    /// </summary>
    public bool Matches(InstalledChargingProfile installed)
    {
        ArgumentNullException.ThrowIfNull(installed);
        if (ChargingProfileId is { } id)
        {
            return installed.Profile.ChargingProfileId == id;
        }

        return (ConnectorId is null || ConnectorId == installed.ConnectorId)
            && (Purpose is null || Purpose == installed.Profile.Purpose)
            && (StackLevel is null || StackLevel == installed.Profile.StackLevel);
    }
}

/// <summary>
/// How a charging profile call ended: refused before sending (<see cref="Errors"/>), or sent with the charge point's
/// answer (<see cref="Call"/>; its status says Accepted or not), with the profiles the CSMS holds afterwards.
/// </summary>
[GenerateSerializer]
[Alias("csms.ChargingProfileCallOutcome")]
[Immutable]
public sealed record ChargingProfileCallOutcome(
    ChargePointCallResult? Call,
    IReadOnlyList<FieldError> Errors,
    ChargingProfilesView? Profiles = null,
    IReadOnlyList<InstalledChargingProfile>? Cleared = null,
    int? RequestId = null)
{
    public static ChargingProfileCallOutcome Refused(params FieldError[] errors) => new(null, errors);
}
