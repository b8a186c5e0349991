using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrleansCsms.Grains;

/// <summary>The OCPP 1.6 calls of the Smart Charging profile.</summary>
internal static class ChargingProfileMessages
{
    public const string SetChargingProfile = "SetChargingProfile";
    public const string ClearChargingProfile = "ClearChargingProfile";
    public const string GetCompositeSchedule = "GetCompositeSchedule";

    public static JsonElement SetChargingProfileRequest(int connectorId, ChargingProfileDefinition profile) =>
        ChargePointCommands.Payload(new JsonObject { ["connectorId"] = connectorId, ["csChargingProfiles"] = Profile(profile) });

    public static JsonElement ClearChargingProfileRequest(ChargingProfileCriteria criteria) => ChargePointCommands.Payload(new JsonObject
    {
        ["id"] = criteria.ChargingProfileId,
        ["connectorId"] = criteria.ConnectorId,
        ["chargingProfilePurpose"] = criteria.Purpose,
        ["stackLevel"] = criteria.StackLevel,
    });

    public static JsonElement GetCompositeScheduleRequest(int connectorId, int duration, string? chargingRateUnit) => ChargePointCommands.Payload(new JsonObject
    {
        ["connectorId"] = connectorId,
        ["duration"] = duration,
        ["chargingRateUnit"] = chargingRateUnit,
    });

    /// <summary>A csChargingProfiles / chargingProfile object; optional fields are left out, as the 1.6 schemas allow no null.</summary>
    public static JsonObject Profile(ChargingProfileDefinition profile)
    {
        var periods = new JsonArray();
        foreach (var period in profile.Schedule.Periods)
        {
            periods.Add(WithoutNulls(new JsonObject
            {
                ["startPeriod"] = period.StartPeriod,
                ["limit"] = period.Limit,
                ["numberPhases"] = period.NumberPhases,
            }));
        }

        var schedule = WithoutNulls(new JsonObject
        {
            ["duration"] = profile.Schedule.Duration,
            ["startSchedule"] = ChargePointCommands.Timestamp(profile.Schedule.StartSchedule),
            ["chargingRateUnit"] = profile.Schedule.ChargingRateUnit,
            ["chargingSchedulePeriod"] = periods,
            ["minChargingRate"] = profile.Schedule.MinChargingRate,
        });

        return WithoutNulls(new JsonObject
        {
            ["chargingProfileId"] = profile.ChargingProfileId,
            ["transactionId"] = profile.TransactionId,
            ["stackLevel"] = profile.StackLevel,
            ["chargingProfilePurpose"] = profile.Purpose,
            ["chargingProfileKind"] = profile.Kind,
            ["recurrencyKind"] = profile.RecurrencyKind,
            ["validFrom"] = ChargePointCommands.Timestamp(profile.ValidFrom),
            ["validTo"] = ChargePointCommands.Timestamp(profile.ValidTo),
            ["chargingSchedule"] = schedule,
        });
    }

    private static JsonObject WithoutNulls(JsonObject value)
    {
        foreach (var name in value.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            value.Remove(name);
        }

        return value;
    }
}
