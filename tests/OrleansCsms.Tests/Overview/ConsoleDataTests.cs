using System.ComponentModel.DataAnnotations;
using OrleansCsms.Frontend.Overview;
using OrleansCsms.Grains;

namespace OrleansCsms.Tests.Overview;

/// <summary>The pure parts of the console's data: when today starts, how power is read, which settings are refused.</summary>
public sealed class ConsoleDataTests
{
    [Theory]
    [InlineData("UTC", "2026-03-29T10:00:00Z", "2026-03-29T00:00:00Z")]
    [InlineData("Europe/Berlin", "2026-03-29T10:00:00Z", "2026-03-28T23:00:00Z")]
    [InlineData("Europe/Berlin", "2026-07-01T21:59:00Z", "2026-06-30T22:00:00Z")]
    [InlineData("Europe/Berlin", "2026-07-01T22:00:00Z", "2026-07-01T22:00:00Z")]
    [InlineData("America/Havana", "2026-03-08T12:00:00Z", "2026-03-08T05:00:00Z")]
    public void Today_starts_at_the_last_midnight_in_the_time_zone(string zone, string now, string expected)
    {
        var start = OverviewApi.StartOfDay(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture), TimeZoneInfo.FindSystemTimeZoneById(zone));

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), start);
    }

    [Theory]
    [InlineData("TimeZone", "Mars/Olympus_Mons", null)]
    [InlineData("PublicBaseUrl", "UTC", "charge.example.com")]
    [InlineData("PublicBaseUrl", "UTC", "ftp://charge.example.com")]
    [InlineData("PublicBaseUrl", "UTC", "https://charge.example.com/?x=1")]
    public void Settings_that_cannot_work_are_refused_naming_them(string member, string zone, string? baseUrl)
    {
        var options = new ConsoleDataOptions { TimeZone = zone, PublicBaseUrl = baseUrl };

        var errors = options.Validate(new ValidationContext(options)).ToList();

        Assert.Contains(errors, e => e.MemberNames.Contains(member));
    }

    [Fact]
    public void Power_is_the_reported_power_else_its_phases_else_the_rise_of_the_energy_register()
    {
        var power = new SessionPower();
        var t0 = new DateTimeOffset(2026, 1, 1, 8, 0, 0, TimeSpan.Zero);

        var first = power.TotalKw([Session(1, ("Power.Active.Import", "7.4", "kW", t0)), Session(2, ("Power.Active.Import/L1", "3600", "W", t0), ("Power.Active.Import/L2", "3700", "W", t0)), Session(3, ("Energy.Active.Import.Register", "1000", "Wh", t0))]);
        var second = power.TotalKw([Session(3, ("Energy.Active.Import.Register", "1.5", "kWh", t0.AddMinutes(6)))]);
        var unchanged = power.TotalKw([Session(3, ("Energy.Active.Import.Register", "1.5", "kWh", t0.AddMinutes(6)))]);

        Assert.Equal(7.4 + 7.3, first, precision: 9);
        Assert.Equal(5.0, second, precision: 9);
        Assert.Equal(5.0, unchanged, precision: 9);
    }

    private static TransactionState Session(int id, params (string Key, string Value, string Unit, DateTimeOffset At)[] readings)
    {
        var state = new TransactionState { TransactionId = id, Active = true };
        foreach (var (key, value, unit, at) in readings)
        {
            state.LastReadings[key] = new LatestReading(value, unit, at);
        }

        return state;
    }
}
