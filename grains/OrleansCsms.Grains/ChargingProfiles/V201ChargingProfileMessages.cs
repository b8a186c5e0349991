using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrleansCsms.Grains;

/// <summary>
/// The OCPP 2.0.1 calls of smart charging (block K). The version-neutral connector of a profile names an EVSE here
/// (0: the station as a whole), and a TxProfile names its transaction by the station's own id.
/// </summary>
internal static class V201ChargingProfileMessages
{
    public const string SetChargingProfile = "SetChargingProfile";
    public const string ClearChargingProfile = "ClearChargingProfile";
    public const string GetCompositeSchedule = "GetCompositeSchedule";
    public const string GetChargingProfiles = "GetChargingProfiles";

    public static JsonElement SetChargingProfileRequest(int evseId, ChargingProfileDefinition profile, string? stationTransactionId) =>
        ChargePointCommands.Payload(new JsonObject { ["evseId"] = evseId, ["chargingProfile"] = Profile(profile, stationTransactionId) });

    /// <summary>ClearChargingProfile: by id alone, or by criteria; with neither, every profile the CSMS may clear.</summary>
    public static JsonElement ClearChargingProfileRequest(ChargingProfileCriteria criteria)
    {
        var byCriteria = criteria.ChargingProfileId is null && (criteria.ConnectorId is not null || criteria.Purpose is not null || criteria.StackLevel is not null);
        return ChargePointCommands.Payload(new JsonObject
        {
            ["chargingProfileId"] = criteria.ChargingProfileId,
            ["chargingProfileCriteria"] = byCriteria
                ? new JsonObject
                {
                    ["evseId"] = criteria.ConnectorId,
                    ["chargingProfilePurpose"] = criteria.Purpose is { } purpose ? ChargingProfileNames.V201(purpose) : null,
                    ["stackLevel"] = criteria.StackLevel,
                }
                : null,
        });
    }

    public static JsonElement GetCompositeScheduleRequest(int evseId, int duration, string? chargingRateUnit) => ChargePointCommands.Payload(new JsonObject
    {
        ["evseId"] = evseId,
        ["duration"] = duration,
        ["chargingRateUnit"] = chargingRateUnit,
    });

    public static JsonElement GetChargingProfilesRequest(int requestId, ChargingProfileQuery query) => ChargePointCommands.Payload(new JsonObject
    {
        ["requestId"] = requestId,
        ["evseId"] = query.EvseId,
        ["chargingProfile"] = new JsonObject
        {
            ["chargingProfilePurpose"] = query.Purpose is { } purpose ? ChargingProfileNames.V201(purpose) : null,
            ["stackLevel"] = query.StackLevel,
            ["chargingProfileId"] = query.ChargingProfileIds is { Count: > 0 } ids ? new JsonArray([.. ids.Select(id => (JsonNode?)id)]) : null,
            ["chargingLimitSource"] = query.LimitSources is { Count: > 0 } sources ? new JsonArray([.. sources.Select(s => (JsonNode?)s)]) : null,
        },
    });

    /// <summary>A chargingProfile object; <paramref name="stationTransactionId"/> is the station's id of a TxProfile's transaction.</summary>
    public static JsonObject Profile(ChargingProfileDefinition profile, string? stationTransactionId) => new()
    {
        ["id"] = profile.ChargingProfileId,
        ["stackLevel"] = profile.StackLevel,
        ["chargingProfilePurpose"] = ChargingProfileNames.V201(profile.Purpose),
        ["chargingProfileKind"] = profile.Kind,
        ["recurrencyKind"] = profile.RecurrencyKind,
        ["validFrom"] = ChargePointCommands.Timestamp(profile.ValidFrom),
        ["validTo"] = ChargePointCommands.Timestamp(profile.ValidTo),
        ["transactionId"] = stationTransactionId,
        ["chargingSchedule"] = new JsonArray(Schedule(profile.Schedule)),
    };

    private static JsonObject Schedule(ChargingScheduleDefinition schedule) => new()
    {
        // A profile the CSMS sends has one schedule; its id only needs to be unique within the profile.
        ["id"] = schedule.Id ?? 1,
        ["startSchedule"] = ChargePointCommands.Timestamp(schedule.StartSchedule),
        ["duration"] = schedule.Duration,
        ["chargingRateUnit"] = schedule.ChargingRateUnit,
        ["minChargingRate"] = schedule.MinChargingRate,
        ["chargingSchedulePeriod"] = new JsonArray([.. schedule.Periods.Select(p => (JsonNode?)new JsonObject
        {
            ["startPeriod"] = p.StartPeriod,
            ["limit"] = p.Limit,
            ["numberPhases"] = p.NumberPhases,
            ["phaseToUse"] = p.PhaseToUse,
        })]),
    };
}
