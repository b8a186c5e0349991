namespace OrleansCsms.Grains;

/// <summary>
/// A charging profile as OCPP 1.6 defines it (csChargingProfiles): a schedule of limits, its purpose
/// (ChargePointMaxProfile, TxDefaultProfile or TxProfile), stack level, kind (Absolute, Recurring or Relative) and validity.
/// <see cref="TransactionId"/> is the CSMS's id of a TxProfile's transaction; <see cref="StationTransactionId"/> the id an
/// OCPP 2.0.1 station gave it, kept as reported when the profile comes from the station.
/// </summary>
[GenerateSerializer]
[Alias("csms.ChargingProfileDefinition")]
[Immutable]
public sealed record ChargingProfileDefinition(
    int ChargingProfileId,
    int StackLevel,
    string Purpose,
    string Kind,
    ChargingScheduleDefinition Schedule,
    int? TransactionId = null,
    string? RecurrencyKind = null,
    DateTimeOffset? ValidFrom = null,
    DateTimeOffset? ValidTo = null,
    string? StationTransactionId = null);

/// <summary>
/// The schedule of a charging profile: a rate unit (A or W) and periods of limits from its start. <see cref="Id"/> is
/// the OCPP 2.0.1 schedule id, unique within its profile (1 when not given).
/// </summary>
[GenerateSerializer]
[Alias("csms.ChargingScheduleDefinition")]
[Immutable]
public sealed record ChargingScheduleDefinition(
    string ChargingRateUnit,
    IReadOnlyList<ChargingSchedulePeriodDefinition> Periods,
    int? Duration = null,
    DateTimeOffset? StartSchedule = null,
    decimal? MinChargingRate = null,
    int? Id = null);

/// <summary>
/// One period of a schedule: from <see cref="StartPeriod"/> seconds after the schedule's start, at most <see cref="Limit"/>
/// on <see cref="NumberPhases"/> phases; <see cref="PhaseToUse"/> (OCPP 2.0.1) names the one phase of a single-phase period.
/// </summary>
[GenerateSerializer]
[Alias("csms.ChargingSchedulePeriodDefinition")]
[Immutable]
public sealed record ChargingSchedulePeriodDefinition(int StartPeriod, decimal Limit, int? NumberPhases = null, int? PhaseToUse = null);

/// <summary>The OCPP 1.6 names of the charging profile enumerations.</summary>
public static class ChargingProfileNames
{
    public const string ChargePointMaxProfile = "ChargePointMaxProfile";
    public const string TxDefaultProfile = "TxDefaultProfile";
    public const string TxProfile = "TxProfile";

    /// <summary>The OCPP 2.0.1 name of <see cref="ChargePointMaxProfile"/>; an operator may use either.</summary>
    public const string ChargingStationMaxProfile = "ChargingStationMaxProfile";

    /// <summary>OCPP 2.0.1: limits an energy management system or the station itself sets; a CSMS never sets one.</summary>
    public const string ChargingStationExternalConstraints = "ChargingStationExternalConstraints";

    public const string Absolute = "Absolute";
    public const string Recurring = "Recurring";
    public const string Relative = "Relative";

    public static readonly IReadOnlyList<string> Purposes = [ChargePointMaxProfile, TxDefaultProfile, TxProfile];
    public static readonly IReadOnlyList<string> Kinds = [Absolute, Recurring, Relative];
    public static readonly IReadOnlyList<string> RecurrencyKinds = ["Daily", "Weekly"];
    public static readonly IReadOnlyList<string> RateUnits = ["A", "W"];

    /// <summary>Who set a limit (OCPP 2.0.1 chargingLimitSource): an energy management system, another, the operator, or a system operator.</summary>
    public static readonly IReadOnlyList<string> LimitSources = ["EMS", "Other", "SO", "CSO"];

    /// <summary>The purpose as the CSMS keeps it: the 2.0.1 name of the station's maximum is the 1.6 one here.</summary>
    public static string Canonical(string purpose) => purpose == ChargingStationMaxProfile ? ChargePointMaxProfile : purpose;

    /// <summary>The purpose as OCPP 2.0.1 names it.</summary>
    public static string V201(string purpose) => purpose == ChargePointMaxProfile ? ChargingStationMaxProfile : purpose;
}
