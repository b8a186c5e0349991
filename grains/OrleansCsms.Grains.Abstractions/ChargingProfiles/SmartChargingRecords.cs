namespace OrleansCsms.Grains;

/// <summary>
/// Which profiles an OCPP 2.0.1 GetChargingProfiles asks for: on one EVSE (0: the station as a whole, null: every EVSE),
/// and those matching every criterion given.
/// </summary>
[GenerateSerializer]
[Alias("csms.ChargingProfileQuery")]
[Immutable]
public sealed record ChargingProfileQuery(
    int? EvseId = null,
    string? Purpose = null,
    int? StackLevel = null,
    IReadOnlyList<int>? ChargingProfileIds = null,
    IReadOnlyList<string>? LimitSources = null);

/// <summary>One ReportChargingProfiles message: the profiles one source set on one EVSE, and whether more parts follow.</summary>
[GenerateSerializer]
[Alias("csms.ChargingProfilesReportPart")]
[Immutable]
public sealed record ChargingProfilesReportPart(int RequestId, int EvseId, string LimitSource, IReadOnlyList<ChargingProfileDefinition> Profiles, bool ToBeContinued);

/// <summary>The profiles a station reported on one EVSE and who set them (CSO: the operator, EMS, SO or Other: not the CSMS).</summary>
[GenerateSerializer]
[Alias("csms.ReportedChargingProfiles")]
[Immutable]
public sealed record ReportedChargingProfiles(int EvseId, string LimitSource, IReadOnlyList<ChargingProfileDefinition> Profiles);

/// <summary>
/// The answer to one GetChargingProfiles, assembled from the ReportChargingProfiles parts of its request id. A report the
/// station sent on its own (after an external limit changed) has no <see cref="Query"/>.
/// </summary>
[GenerateSerializer]
[Alias("csms.ChargingProfilesReport")]
[Immutable]
public sealed record ChargingProfilesReport(
    int RequestId,
    ChargingProfileQuery? Query,
    DateTimeOffset? RequestedAt,
    string? Status,
    IReadOnlyList<ReportedChargingProfiles> Parts,
    bool Complete,
    DateTimeOffset? CompletedAt = null);

/// <summary>
/// A limit set outside the CSMS (NotifyChargingLimit): by an energy management system, a system operator or another,
/// on one EVSE or the whole station, with the schedules it imposes; cleared by ClearedChargingLimit.
/// </summary>
[GenerateSerializer]
[Alias("csms.ExternalChargingLimit")]
[Immutable]
public sealed record ExternalChargingLimit(
    string Source,
    int? EvseId,
    bool? IsGridCritical,
    IReadOnlyList<ChargingScheduleDefinition> Schedules,
    DateTimeOffset NotifiedAt,
    DateTimeOffset? ClearedAt = null)
{
    public bool InForce => ClearedAt is null;
}

/// <summary>
/// What an EV told through its station (NotifyEVChargingNeeds, ISO 15118): how it takes energy, how much it wants by
/// when, and its electrical limits. AC needs give currents; DC needs power and state of charge.
/// </summary>
[GenerateSerializer]
[Alias("csms.EvChargingNeeds")]
[Immutable]
public sealed record EvChargingNeeds(
    int EvseId,
    string RequestedEnergyTransfer,
    DateTimeOffset? DepartureTime,
    int? EnergyAmountWh,
    int? EvMinCurrent,
    int? EvMaxCurrent,
    int? EvMaxVoltage,
    int? EvMaxPower = null,
    int? StateOfCharge = null,
    int? MaxScheduleTuples = null);

/// <summary>
/// The smart charging dialogue of one EVSE: the EV's latest needs and the CSMS's answer, the TxProfile the CSMS sent
/// for them and the station's answer, and the EV's latest schedule (NotifyEVChargingSchedule) with the CSMS's verdict.
/// </summary>
[GenerateSerializer]
[Alias("csms.EvseChargingNegotiation")]
[Immutable]
public sealed record EvseChargingNegotiation(
    int EvseId,
    EvChargingNeeds? Needs,
    DateTimeOffset? NeedsAt,
    string? NeedsAnswer,
    int? TransactionId,
    ChargingProfileDefinition? ProfileSent = null,
    string? ProfileStatus = null,
    DateTimeOffset? ProfileSentAt = null,
    EvChargingScheduleReport? EvSchedule = null,
    int Renegotiations = 0);

/// <summary>The schedule an EV proposed (NotifyEVChargingSchedule) from <see cref="TimeBase"/>, and what the CSMS answered.</summary>
[GenerateSerializer]
[Alias("csms.EvChargingScheduleReport")]
[Immutable]
public sealed record EvChargingScheduleReport(DateTimeOffset TimeBase, ChargingScheduleDefinition Schedule, string Answer, string? Reason, DateTimeOffset ReceivedAt);

/// <summary>What the CSMS holds of a station's smart charging beyond its own profiles: external limits and each EVSE's negotiation.</summary>
[GenerateSerializer]
[Alias("csms.SmartChargingView")]
[Immutable]
public sealed record SmartChargingView(string ChargePointId, IReadOnlyList<ExternalChargingLimit> Limits, IReadOnlyList<EvseChargingNegotiation> Negotiations);
