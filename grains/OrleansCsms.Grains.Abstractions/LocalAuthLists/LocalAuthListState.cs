namespace OrleansCsms.Grains;

/// <summary>Persisted state of a local authorization list grain.</summary>
[GenerateSerializer]
[Alias("csms.LocalAuthListState")]
public sealed class LocalAuthListState
{
    /// <summary>The charge point the list belongs to.</summary>
    [Id(0)]
    public string ChargePointId { get; set; } = "";

    /// <summary>The CSMS's version of the list: 0 before the first change, one more with each change.</summary>
    [Id(1)]
    public int Version { get; set; }

    /// <summary>The entries of <see cref="Version"/>, each with the idTagInfo its id tag had when it was listed.</summary>
    [Id(2)]
    public List<LocalAuthListEntry> Entries { get; set; } = [];

    /// <summary>The entries of the version before, from which a Differential update is computed.</summary>
    [Id(3)]
    public List<LocalAuthListEntry> PreviousEntries { get; set; } = [];

    /// <summary>The version the charge point holds as far as the CSMS knows (it answered Accepted, or reported it); null when unknown.</summary>
    [Id(4)]
    public int? ChargePointVersion { get; set; }

    /// <summary>How the last SendLocalList ended.</summary>
    [Id(5)]
    public LocalAuthListSendResult? LastResult { get; set; }

    /// <summary>The version the charge point last reported through GetLocalListVersion.</summary>
    [Id(6)]
    public int? ReportedVersion { get; set; }

    [Id(7)]
    public DateTimeOffset? ReportedAt { get; set; }

    [Id(8)]
    public DateTimeOffset? UpdatedAt { get; set; }

    /// <summary>The charge point's LocalAuthListMaxLength: the most entries its list holds; null when it did not say.</summary>
    [Id(9)]
    public int? ChargePointMaxEntries { get; set; }

    /// <summary>The charge point's SendLocalListMaxLength: the most entries one SendLocalList may carry; null when it did not say.</summary>
    [Id(10)]
    public int? ChargePointMaxSendEntries { get; set; }

    /// <summary>When the charge point's limits were read (GetConfiguration); null: to be read before the next send, as after a boot.</summary>
    [Id(11)]
    public DateTimeOffset? LimitsReadAt { get; set; }
}

/// <summary>One id tag on a local authorization list, the idTagInfo sent with it, and the OCPP 2.0.1 idToken type it is sent as (null: Central).</summary>
[GenerateSerializer]
[Alias("csms.LocalAuthListEntry")]
[Immutable]
public sealed record LocalAuthListEntry(string IdTag, IdTagInfo IdTagInfo, string? IdTokenType = null);

/// <summary>
/// How a SendLocalList ended: the charge point's status (Accepted, Failed, NotSupported, VersionMismatch) or why it
/// gave none (NotConnected, TimedOut, CallError; TooLarge: more entries than the charge point takes), with the version and update type sent.
/// </summary>
[GenerateSerializer]
[Alias("csms.LocalAuthListSendResult")]
[Immutable]
public sealed record LocalAuthListSendResult(int ListVersion, string UpdateType, string Status, DateTimeOffset At, string? Detail = null);

/// <summary>A local authorization list as the operator sees it.</summary>
[GenerateSerializer]
[Alias("csms.LocalAuthListView")]
[Immutable]
public sealed record LocalAuthListView(
    string ChargePointId,
    int Version,
    IReadOnlyList<LocalAuthListEntry> Entries,
    int? ChargePointVersion,
    int? ReportedVersion,
    DateTimeOffset? ReportedAt,
    LocalAuthListSendResult? LastResult,
    DateTimeOffset? UpdatedAt,
    int? ChargePointMaxEntries = null,
    int? ChargePointMaxSendEntries = null)
{
    /// <summary>Whether the charge point holds the CSMS's version.</summary>
    public bool UpToDate => ChargePointVersion == Version;
}

/// <summary>How a change to a local authorization list ended.</summary>
[GenerateSerializer]
[Alias("csms.LocalAuthListOutcome")]
public enum LocalAuthListOutcome
{
    /// <summary>The list was changed (or already was so) and the charge point brought up to date as far as it could be.</summary>
    Done,

    /// <summary>The charge point is not registered.</summary>
    UnknownChargePoint,

    /// <summary>Some id tags are not known to the CSMS; nothing changed.</summary>
    UnknownIdTags,

    /// <summary>The list would hold more entries than allowed; nothing changed.</summary>
    TooManyEntries,
}

/// <summary>The outcome of a change, the id tags that were unknown or the limit exceeded, and the list afterwards.</summary>
[GenerateSerializer]
[Alias("csms.LocalAuthListChange")]
[Immutable]
public sealed record LocalAuthListChange(
    LocalAuthListOutcome Outcome,
    LocalAuthListView? List = null,
    IReadOnlyList<string>? UnknownIdTags = null,
    int? MaxEntries = null);
