using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Api;

/// <summary>
/// Ask an OCPP 2.0.1 station for the charging profiles it holds (GetChargingProfiles): on one EVSE (0: the station as a
/// whole; left out: every EVSE), matching every criterion given: purpose, stack level, profile ids, or who set them
/// (chargingLimitSource: CSO, EMS, SO, Other).
/// </summary>
public sealed record GetChargingProfilesBody(
    int? EvseId,
    string? ChargingProfilePurpose,
    int? StackLevel,
    IReadOnlyList<int>? ChargingProfileId,
    IReadOnlyList<string>? ChargingLimitSource);

/// <summary>A profile a station reported, with the station's own id of a TxProfile's transaction.</summary>
public sealed record ReportedChargingProfileResponse(ChargingProfileBody ChargingProfile, string? StationTransactionId);

/// <summary>The profiles one source set on one EVSE, as one ReportChargingProfiles told.</summary>
public sealed record ReportedChargingProfilesResponse(int EvseId, string ChargingLimitSource, IReadOnlyList<ReportedChargingProfileResponse> Profiles);

/// <summary>
/// The answer to a GetChargingProfiles (the station's status: Accepted, NoProfiles) and the ReportChargingProfiles parts
/// of its requestId; complete once the last part came (or none will). A report the station sent unasked has no query.
/// </summary>
public sealed record ChargingProfilesReportResponse(
    int RequestId,
    GetChargingProfilesBody? Query,
    DateTimeOffset? RequestedAt,
    string? Status,
    bool Complete,
    DateTimeOffset? CompletedAt,
    IReadOnlyList<ReportedChargingProfilesResponse> Reports);

/// <summary>A limit an energy management system, system operator or other set on an EVSE (null or 0: the station), and whether it was released.</summary>
public sealed record ExternalChargingLimitResponse(
    string ChargingLimitSource,
    int? EvseId,
    bool? IsGridCritical,
    IReadOnlyList<ChargingScheduleBody> ChargingSchedule,
    DateTimeOffset NotifiedAt,
    bool InForce,
    DateTimeOffset? ClearedAt);

/// <summary>The limits set outside the CSMS that an OCPP 2.0.1 station reported (NotifyChargingLimit, ClearedChargingLimit).</summary>
public sealed record ExternalChargingLimitsResponse(string ChargePointId, IReadOnlyList<ExternalChargingLimitResponse> Limits);

/// <summary>The schedule an EV proposed (NotifyEVChargingSchedule) and what the CSMS answered, with why when Rejected.</summary>
public sealed record EvChargingScheduleResponse(DateTimeOffset TimeBase, ChargingScheduleBody ChargingSchedule, string Status, string? Reason, DateTimeOffset ReceivedAt);

/// <summary>
/// One EVSE's ISO 15118 negotiation: the EV's needs and the CSMS's answer, the TxProfile the CSMS sent for them with the
/// station's answer, the EV's schedule with the CSMS's verdict, and how often the CSMS sent a schedule again.
/// </summary>
public sealed record EvseChargingNeedsResponse(
    int EvseId,
    EvChargingNeeds? ChargingNeeds,
    DateTimeOffset? ReceivedAt,
    string? Status,
    int? TransactionId,
    ChargingProfileBody? ChargingProfile,
    string? ChargingProfileStatus,
    DateTimeOffset? ChargingProfileSentAt,
    EvChargingScheduleResponse? EvChargingSchedule,
    int Renegotiations);

/// <summary>The charging needs of the EVs at an OCPP 2.0.1 station, per EVSE.</summary>
public sealed record EvChargingNeedsResponse(string ChargePointId, IReadOnlyList<EvseChargingNeedsResponse> Evses);

/// <summary>How smart charging records are shown.</summary>
public static class SmartChargingMapping
{
    public static ChargingProfilesReportResponse ToResponse(this ChargingProfilesReport report) => new(
        report.RequestId,
        report.Query is { } query
            ? new GetChargingProfilesBody(query.EvseId, query.Purpose is { } purpose ? ChargingProfileNames.V201(purpose) : null, query.StackLevel, query.ChargingProfileIds, query.LimitSources)
            : null,
        report.RequestedAt,
        report.Status,
        report.Complete,
        report.CompletedAt,
        [.. report.Parts.Select(p => new ReportedChargingProfilesResponse(
            p.EvseId, p.LimitSource, [.. p.Profiles.Select(profile => new ReportedChargingProfileResponse(profile.ToBody(), profile.StationTransactionId))]))]);

    public static ExternalChargingLimitResponse ToResponse(this ExternalChargingLimit limit) => new(
        limit.Source, limit.EvseId, limit.IsGridCritical, [.. limit.Schedules.Select(s => s.ToBody())], limit.NotifiedAt, limit.InForce, limit.ClearedAt);

    public static EvseChargingNeedsResponse ToResponse(this EvseChargingNegotiation negotiation) => new(
        negotiation.EvseId,
        negotiation.Needs,
        negotiation.NeedsAt,
        negotiation.NeedsAnswer,
        negotiation.TransactionId,
        negotiation.ProfileSent?.ToBody(),
        negotiation.ProfileStatus,
        negotiation.ProfileSentAt,
        negotiation.EvSchedule is { } schedule
            ? new EvChargingScheduleResponse(schedule.TimeBase, schedule.Schedule.ToBody(), schedule.Answer, schedule.Reason, schedule.ReceivedAt)
            : null,
        negotiation.Renegotiations);
}
