using OrleansCsms.Grains;

namespace OrleansCsms.Tests.Grains;

public sealed class CompositeScheduleCalculatorTests
{
    private static readonly DateTimeOffset Now = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_TxProfile_with_the_highest_stack_level_wins_and_the_lower_one_takes_over_when_it_ends()
    {
        InstalledChargingProfile[] profiles =
        [
            Installed(1, Profile(1, "TxProfile", stackLevel: 0, transactionId: 5, periods: [(0, 16m)])),
            Installed(1, Profile(2, "TxProfile", stackLevel: 1, transactionId: 5, periods: [(0, 10m)], duration: 600)),
        ];

        var periods = CompositeScheduleCalculator.Compute(profiles, 1, Now, 3600, transactionId: 5, transactionStart: Now);

        Assert.Equal([(0, 10m), (600, 16m)], Limits(periods));
    }

    [Fact]
    public void The_ChargePointMaxProfile_caps_the_connectors_limit()
    {
        InstalledChargingProfile[] profiles =
        [
            Installed(0, Profile(1, "ChargePointMaxProfile", periods: [(0, 32m), (1800, 8m)])),
            Installed(1, Profile(2, "TxDefaultProfile", periods: [(0, 16m)])),
        ];

        var periods = CompositeScheduleCalculator.Compute(profiles, 1, Now, 3600);

        Assert.Equal([(0, 16m), (1800, 8m)], Limits(periods));
    }

    [Fact]
    public void A_TxProfile_beats_the_connectors_TxDefaultProfile_which_beats_the_one_for_every_connector()
    {
        InstalledChargingProfile[] profiles =
        [
            Installed(0, Profile(1, "TxDefaultProfile", stackLevel: 9, periods: [(0, 20m)])),
            Installed(1, Profile(2, "TxDefaultProfile", periods: [(0, 16m)], duration: 1200)),
            Installed(1, Profile(3, "TxProfile", transactionId: 5, periods: [(0, 6m)], duration: 600)),
        ];

        var periods = CompositeScheduleCalculator.Compute(profiles, 1, Now, 3600, transactionId: 5, transactionStart: Now);

        Assert.Equal([(0, 6m), (600, 16m), (1200, 20m)], Limits(periods));
    }

    [Fact]
    public void A_TxProfile_of_another_or_an_ended_transaction_does_not_apply()
    {
        InstalledChargingProfile[] profiles =
        [
            Installed(1, Profile(1, "TxProfile", transactionId: 4, periods: [(0, 6m)])),
            Installed(1, Profile(2, "TxProfile", stackLevel: 1, transactionId: 5, periods: [(0, 8m)])) with { TransactionEndedAt = Now },
            Installed(1, Profile(3, "TxDefaultProfile", periods: [(0, 16m)])),
        ];

        var periods = CompositeScheduleCalculator.Compute(profiles, 1, Now, 3600, transactionId: 5, transactionStart: Now);

        Assert.Equal([(0, 16m)], Limits(periods));
    }

    [Fact]
    public void A_daily_Recurring_profile_repeats_each_day_from_its_start()
    {
        // From 18:00 to 07:00 the next morning, 16 A; from 07:00 (its daily start) 32 A for 11 hours, then 16 A again at 18:00.
        var profile = Profile(1, "ChargePointMaxProfile", kind: "Recurring", periods: [(0, 32m), (11 * 3600, 16m)], start: Now.AddDays(-3).AddHours(-5));

        var periods = CompositeScheduleCalculator.Compute([Installed(0, profile with { RecurrencyKind = "Daily" })], 0, Now.AddHours(6), 25 * 3600);

        Assert.Equal([(0, 16m), (13 * 3600, 32m), (24 * 3600, 16m)], Limits(periods));
    }

    [Fact]
    public void A_Relative_profile_starts_with_the_transaction_and_validity_bounds_it()
    {
        var relative = Profile(1, "TxDefaultProfile", kind: "Relative", periods: [(0, 10m), (300, 20m)]) with { ValidTo = Now.AddSeconds(900) };

        var periods = CompositeScheduleCalculator.Compute([Installed(1, relative)], 1, Now, 1800, transactionId: 5, transactionStart: Now.AddSeconds(-100));

        Assert.Equal([(0, 10m), (200, 20m), (900, null)], Limits(periods));
    }

    [Fact]
    public void Profiles_in_amperes_and_in_watts_at_once_cannot_be_combined()
    {
        InstalledChargingProfile[] profiles =
        [
            Installed(0, Profile(1, "ChargePointMaxProfile", periods: [(0, 32m)])),
            Installed(1, Profile(2, "TxDefaultProfile", periods: [(0, 7000m)]) with { Schedule = Profile(2, "TxDefaultProfile", periods: [(0, 7000m)]).Schedule with { ChargingRateUnit = "W" } }),
        ];

        Assert.Null(CompositeScheduleCalculator.Compute(profiles, 1, Now, 3600));
    }

    private static List<(int, decimal?)> Limits(IReadOnlyList<CompositePeriod>? periods)
    {
        Assert.NotNull(periods);
        return [.. periods.Select(p => (p.StartPeriod, p.Limit))];
    }

    private static InstalledChargingProfile Installed(int connectorId, ChargingProfileDefinition profile) => new(connectorId, profile, Now.AddDays(-1));

    private static ChargingProfileDefinition Profile(
        int id, string purpose, (int Start, decimal Limit)[] periods, int stackLevel = 0, int? transactionId = null, int? duration = null, string kind = "Absolute", DateTimeOffset? start = null) =>
        new(id, stackLevel, purpose, kind, new ChargingScheduleDefinition(
            "A", [.. periods.Select(p => new ChargingSchedulePeriodDefinition(p.Start, p.Limit))], duration, kind == "Relative" ? null : start ?? Now), transactionId);
}
