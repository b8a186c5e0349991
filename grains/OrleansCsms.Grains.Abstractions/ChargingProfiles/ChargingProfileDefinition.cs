namespace OrleansCsms.Grains;

/// <summary>
/// A charging profile as OCPP 1.6 defines it (csChargingProfiles): a schedule of limits, its purpose
/// (ChargePointMaxProfile, TxDefaultProfile or TxProfile), stack level, kind (Absolute, Recurring or Relative) and validity.
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
    DateTimeOffset? ValidTo = null);

/// <summary>The schedule of a charging profile: a rate unit (A or W) and periods of limits from its start.</summary>
[GenerateSerializer]
[Alias("csms.ChargingScheduleDefinition")]
[Immutable]
public sealed record ChargingScheduleDefinition(
    string ChargingRateUnit,
    IReadOnlyList<ChargingSchedulePeriodDefinition> Periods,
    int? Duration = null,
    DateTimeOffset? StartSchedule = null,
    decimal? MinChargingRate = null);

/// <summary>One period of a schedule: from <see cref="StartPeriod"/> seconds after the schedule's start, at most <see cref="Limit"/>.</summary>
[GenerateSerializer]
[Alias("csms.ChargingSchedulePeriodDefinition")]
[Immutable]
public sealed record ChargingSchedulePeriodDefinition(int StartPeriod, decimal Limit, int? NumberPhases = null);

/// <summary>The OCPP 1.6 names of the charging profile enumerations.</summary>
public static class ChargingProfileNames
{
    public const string ChargePointMaxProfile = "ChargePointMaxProfile";
    public const string TxDefaultProfile = "TxDefaultProfile";
    public const string TxProfile = "TxProfile";

    public const string Absolute = "Absolute";
    public const string Recurring = "Recurring";
    public const string Relative = "Relative";

    public static readonly IReadOnlyList<string> Purposes = [ChargePointMaxProfile, TxDefaultProfile, TxProfile];
    public static readonly IReadOnlyList<string> Kinds = [Absolute, Recurring, Relative];
    public static readonly IReadOnlyList<string> RecurrencyKinds = ["Daily", "Weekly"];
    public static readonly IReadOnlyList<string> RateUnits = ["A", "W"];
}
