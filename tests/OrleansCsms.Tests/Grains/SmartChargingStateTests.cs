using System.Text.Json;
using OrleansCsms.Grains;

namespace OrleansCsms.Tests.Grains;

public sealed class SmartChargingStateTests
{
    [Fact]
    public void Reports_limits_and_negotiations_come_back_from_storage_as_they_were_written()
    {
        var at = new DateTimeOffset(2030, 1, 1, 8, 0, 0, TimeSpan.Zero);
        var schedule = new ChargingScheduleDefinition("A", [new ChargingSchedulePeriodDefinition(0, 16m, 1, 2)], 3_600, at, null, 3);
        var profile = new ChargingProfileDefinition(7, 0, "TxProfile", "Relative", schedule, 12, StationTransactionId: "tx-1");
        var state = new ChargingProfilesState
        {
            ChargePointId = "CP-1",
            NextRequestId = 4,
            Reports = [new ChargingProfilesReport(3, new ChargingProfileQuery(1, "TxProfile", 0, [7], ["CSO"]), at, "Accepted", [new ReportedChargingProfiles(1, "CSO", [profile])], true, at)],
            Limits = [new ExternalChargingLimit("EMS", 1, true, [schedule], at, at.AddMinutes(5))],
            Negotiations =
            {
                [1] = new EvseChargingNegotiation(
                    1, new EvChargingNeeds(1, "AC_three_phase", at.AddHours(2), 20_000, 6, 32, 400), at, "Accepted", 12, profile, "Accepted", at,
                    new EvChargingScheduleReport(at, schedule, "Rejected", "too much", at), 1),
            },
        };

        var json = JsonSerializer.Serialize(state, GrainJson.Options);
        var read = JsonSerializer.Deserialize<ChargingProfilesState>(json, GrainJson.Options)!;

        Assert.Equal(JsonSerializer.Serialize(state, GrainJson.Options), JsonSerializer.Serialize(read, GrainJson.Options));
        Assert.Equal(4, read.NextRequestId);
        Assert.Equal("tx-1", read.Reports[0].Parts[0].Profiles[0].StationTransactionId);
        Assert.Equal(2, read.Negotiations[1].EvSchedule!.Schedule.Periods[0].PhaseToUse);
        Assert.False(read.Limits[0].InForce);
    }
}
