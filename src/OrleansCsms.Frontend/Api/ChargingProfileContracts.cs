using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Api;

/// <summary>
/// A charging profile in OCPP 1.6's own terms (csChargingProfiles): id, stack level, purpose (ChargePointMaxProfile,
/// TxDefaultProfile, TxProfile), kind (Absolute, Recurring, Relative), recurrencyKind (Daily, Weekly), validity and schedule.
/// </summary>
public sealed record ChargingProfileBody(
    int? ChargingProfileId,
    int? TransactionId,
    int? StackLevel,
    string? ChargingProfilePurpose,
    string? ChargingProfileKind,
    string? RecurrencyKind,
    DateTimeOffset? ValidFrom,
    DateTimeOffset? ValidTo,
    ChargingScheduleBody? ChargingSchedule);

/// <summary>
/// A schedule: its rate unit (A or W), periods, duration in seconds, start (not for Relative) and minimum rate; id is the
/// OCPP 2.0.1 schedule id (1 when left out).
/// </summary>
public sealed record ChargingScheduleBody(
    string? ChargingRateUnit,
    IReadOnlyList<ChargingSchedulePeriodBody?>? ChargingSchedulePeriod,
    int? Duration,
    DateTimeOffset? StartSchedule,
    decimal? MinChargingRate,
    int? Id = null);

/// <summary>
/// One period: from startPeriod seconds after the schedule's start, at most limit (in the schedule's unit) on numberPhases
/// phases; phaseToUse (OCPP 2.0.1 only) names the phase of a single-phase period.
/// </summary>
public sealed record ChargingSchedulePeriodBody(int? StartPeriod, decimal? Limit, int? NumberPhases, int? PhaseToUse = null);

/// <summary>Set a charging profile on a connector (0: the charge point as a whole); of an OCPP 2.0.1 station, an EVSE.</summary>
public sealed record SetChargingProfileBody(int? ConnectorId, ChargingProfileBody? ChargingProfile);

/// <summary>
/// A charging profile the charge point accepted, on its connector; a TxProfile is in force until its transaction
/// ends (transactionEndedAt), when the charge point discards it.
/// </summary>
public sealed record ChargingProfileResponse(int ConnectorId, ChargingProfileBody ChargingProfile, DateTimeOffset InstalledAt, bool InForce, DateTimeOffset? TransactionEndedAt);

/// <summary>A TxProfile sent with a remote start, waiting for the transaction it is for to start.</summary>
public sealed record PendingTxProfileResponse(int? ConnectorId, string IdTag, ChargingProfileBody ChargingProfile, DateTimeOffset SentAt);

/// <summary>The charging profiles the CSMS holds of a charge point, and the TxProfiles of remote starts still to begin.</summary>
public sealed record ChargingProfilesResponse(string ChargePointId, IReadOnlyList<ChargingProfileResponse> Profiles, IReadOnlyList<PendingTxProfileResponse> Pending);

/// <summary>What the charge point answered a SetChargingProfile (Accepted, Rejected, NotSupported) and the profile kept: none unless Accepted.</summary>
public sealed record SetChargingProfileResponse(string Status, ChargingProfileResponse? Profile);

/// <summary>What the charge point answered a ClearChargingProfile (Accepted, Unknown), the profiles dropped, and those left.</summary>
public sealed record ClearChargingProfileResponse(string Status, IReadOnlyList<ChargingProfileResponse> Cleared, IReadOnlyList<ChargingProfileResponse> Profiles);

/// <summary>
/// A connector's composite schedule worked out by the CSMS from the profiles it holds: periods from scheduleStart for
/// duration seconds, each with its limit and unit, or no limit (null) where no profile limits it.
/// </summary>
public sealed record CompositeScheduleResponse(int ConnectorId, DateTimeOffset ScheduleStart, int Duration, int? TransactionId, IReadOnlyList<CompositePeriodResponse> Periods);

/// <summary>One period of a composite schedule: from startPeriod seconds on, at most limit (null: no limit) in chargingRateUnit.</summary>
public sealed record CompositePeriodResponse(int StartPeriod, decimal? Limit, int? NumberPhases, string? ChargingRateUnit);

/// <summary>How charging profiles are shown.</summary>
public static class ChargingProfileMapping
{
    public static ChargingProfilesResponse ToResponse(this ChargingProfilesView view) => new(
        view.ChargePointId,
        [.. view.Profiles.Select(ToResponse)],
        [.. view.Pending.Select(p => new PendingTxProfileResponse(p.ConnectorId, p.IdTag, p.Profile.ToBody(), p.SentAt))]);

    public static ChargingProfileResponse ToResponse(this InstalledChargingProfile installed) =>
        new(installed.ConnectorId, installed.Profile.ToBody(), installed.InstalledAt, installed.InForce, installed.TransactionEndedAt);

    public static ChargingProfileBody ToBody(this ChargingProfileDefinition profile) => new(
        profile.ChargingProfileId,
        profile.TransactionId,
        profile.StackLevel,
        profile.Purpose,
        profile.Kind,
        profile.RecurrencyKind,
        profile.ValidFrom,
        profile.ValidTo,
        new ChargingScheduleBody(
            profile.Schedule.ChargingRateUnit,
            [.. profile.Schedule.Periods.Select(p => p.ToBody())],
            profile.Schedule.Duration,
            profile.Schedule.StartSchedule,
            profile.Schedule.MinChargingRate,
            profile.Schedule.Id));

    public static ChargingScheduleBody ToBody(this ChargingScheduleDefinition schedule) => new(
        schedule.ChargingRateUnit, [.. schedule.Periods.Select(p => p.ToBody())], schedule.Duration, schedule.StartSchedule, schedule.MinChargingRate, schedule.Id);

    private static ChargingSchedulePeriodBody ToBody(this ChargingSchedulePeriodDefinition period) =>
        new(period.StartPeriod, period.Limit, period.NumberPhases, period.PhaseToUse);
}
