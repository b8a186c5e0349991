using OrleansCsms.Grains;

namespace OrleansCsms.Tests.Grains;

public sealed class EvChargingNeedsPolicyTests
{
    private static readonly DateTimeOffset Now = new(2030, 1, 1, 8, 0, 0, TimeSpan.Zero);

    private static EvChargingNeeds AcNeeds(int energyWh, TimeSpan departureIn, int min = 6, int max = 32) =>
        new(1, "AC_three_phase", Now + departureIn, energyWh, min, max, 400);

    [Fact]
    public void An_AC_EV_gets_the_current_that_delivers_its_energy_by_departure()
    {
        var profile = EvChargingNeedsPolicy.Profile(AcNeeds(27_600, TimeSpan.FromHours(2)), new SmartChargingOptions(), Now, transactionId: 5);

        // 27.6 kWh in 2 h is 13.8 kW: 20 A on each of three 230 V phases.
        Assert.NotNull(profile);
        Assert.Equal("A", profile.Schedule.ChargingRateUnit);
        Assert.Equal(20m, profile.Schedule.Periods[0].Limit);
        Assert.Equal("TxProfile", profile.Purpose);
        Assert.Equal("Relative", profile.Kind);
        Assert.Equal(5, profile.TransactionId);
        Assert.Equal(7_200, profile.Schedule.Duration);
    }

    [Fact]
    public void The_rate_stays_within_the_EVs_minimum_and_the_stations_limit()
    {
        var options = new SmartChargingOptions();

        var slow = EvChargingNeedsPolicy.Profile(AcNeeds(1_000, TimeSpan.FromHours(10)), options, Now, 5);
        var capped = EvChargingNeedsPolicy.Profile(AcNeeds(100_000, TimeSpan.FromHours(1)), options, Now, 5, stationLimit: 11_040m, stationLimitUnit: "W");

        Assert.Equal(6m, slow!.Schedule.Periods[0].Limit);
        Assert.Equal(16m, capped!.Schedule.Periods[0].Limit);
    }

    [Fact]
    public void MaximumRate_gives_the_highest_rate_and_None_sends_nothing()
    {
        var needs = AcNeeds(1_000, TimeSpan.FromHours(10), max: 25);

        var maximum = EvChargingNeedsPolicy.Profile(needs, new SmartChargingOptions { EvChargingNeedsPolicy = "MaximumRate" }, Now, 5);
        var none = EvChargingNeedsPolicy.Profile(needs, new SmartChargingOptions { EvChargingNeedsPolicy = "None" }, Now, 5);

        Assert.Equal(25m, maximum!.Schedule.Periods[0].Limit);
        Assert.Null(none);
    }

    [Fact]
    public void A_DC_EV_is_limited_in_watts()
    {
        var needs = new EvChargingNeeds(1, "DC", Now + TimeSpan.FromHours(1), 50_000, null, 200, 500, EvMaxPower: 80_000);

        var profile = EvChargingNeedsPolicy.Profile(needs, new SmartChargingOptions(), Now, 5);

        Assert.Equal("W", profile!.Schedule.ChargingRateUnit);
        Assert.Equal(50_000m, profile.Schedule.Periods[0].Limit);
    }
}
