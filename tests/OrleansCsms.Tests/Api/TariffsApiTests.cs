using System.Net;
using System.Net.Http.Json;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Api;

[Collection(CsmsCollection.Name)]
public sealed class TariffsApiTests(CsmsHostFixture fixture)
{
    private CsmsHost Host => fixture.Host;

    public static TheoryData<string, string> InvalidTariffs => new()
    {
        { """{"pricePerKWh":0.3}""", "currency" },
        { """{"currency":"eur","pricePerKWh":0.3}""", "currency" },
        { """{"currency":"EUR","pricePerKWh":-0.3}""", "pricePerKWh" },
        { """{"currency":"EUR","pricePerMinute":0.1234567}""", "pricePerMinute" },
        { """{"currency":"EUR","pricePerSession":2000000}""", "pricePerSession" },
        { """{"currency":"EUR","validFrom":"2030-01-02T00:00:00Z","validTo":"2030-01-01T00:00:00Z"}""", "validTo" },
    };

    [Theory]
    [MemberData(nameof(InvalidTariffs))]
    public async Task An_invalid_tariff_is_a_validation_problem_naming_the_field_and_is_not_stored(string body, string field)
    {
        var tariffId = Fresh.IdTag();

        await ApiAssert.ValidationProblemAsync(await Host.Api.PutAsync($"/api/tariffs/{tariffId}", ApiAssert.RawJson(body)), field);

        await ApiAssert.ProblemAsync(await Host.Api.GetAsync($"/api/tariffs/{tariffId}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_tariff_is_created_then_replaced_and_reads_back_with_its_prices_in_words()
    {
        var tariffId = Fresh.IdTag();

        var created = await ApiAssert.JsonAsync(
            await Host.Api.PutAsJsonAsync($"/api/tariffs/{tariffId}", new { currency = "EUR", pricePerKWh = 0.3m, pricePerSession = 1m }), HttpStatusCode.Created);
        var replaced = await ApiAssert.JsonAsync(
            await Host.Api.PutAsJsonAsync($"/api/tariffs/{tariffId}", new { currency = "EUR", pricePerKWh = 0.35m, pricePerMinute = 0.05m }), HttpStatusCode.OK);

        Assert.Equal("0.30 EUR/kWh + 1.00 EUR/session", created.GetString("prices"));
        var read = await ApiAssert.JsonAsync(await Host.Api.GetAsync($"/api/tariffs/{tariffId}"), HttpStatusCode.OK);
        Assert.Equal(replaced.GetRawText(), read.GetRawText());
        Assert.Equal(0m, read.GetProperty("pricePerSession").GetDecimal());
        Assert.Equal("0.35 EUR/kWh + 0.05 EUR/min", read.GetString("prices"));
    }

    [Fact]
    public async Task An_assigned_tariff_cannot_be_deleted_until_its_assignment_is_removed()
    {
        var tariffId = Fresh.IdTag();
        var group = Fresh.IdTag();
        (await Host.Api.PutAsJsonAsync($"/api/tariffs/{tariffId}", new { currency = "EUR", pricePerKWh = 0.3m })).EnsureSuccessStatusCode();
        var book = await ApiAssert.JsonAsync(await Host.Api.PutAsJsonAsync($"/api/tariff-assignments/id-tag-groups/{group}", new { tariffId }), HttpStatusCode.OK);
        Assert.Equal(tariffId, book.GetProperty("idTagGroups").GetString(group));

        var refused = await ApiAssert.ProblemAsync(await Host.Api.DeleteAsync($"/api/tariffs/{tariffId}"), HttpStatusCode.Conflict);
        Assert.Contains(group, refused.GetString("detail"), StringComparison.Ordinal);

        (await Host.Api.PutAsJsonAsync($"/api/tariff-assignments/id-tag-groups/{group}", new { tariffId = (string?)null })).EnsureSuccessStatusCode();
        await ApiAssert.NoContentAsync(await Host.Api.DeleteAsync($"/api/tariffs/{tariffId}"));
        await ApiAssert.ProblemAsync(await Host.Api.GetAsync($"/api/tariffs/{tariffId}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Assigning_an_unknown_tariff_or_to_an_unknown_charge_point_is_refused()
    {
        var tariffId = Fresh.IdTag();
        (await Host.Api.PutAsJsonAsync($"/api/tariffs/{tariffId}", new { currency = "EUR" })).EnsureSuccessStatusCode();

        await ApiAssert.ValidationProblemAsync(await Host.Api.PutAsJsonAsync($"/api/tariff-assignments/id-tag-groups/{Fresh.IdTag()}", new { tariffId = "no-such-tariff" }), "tariffId");
        await ApiAssert.ProblemAsync(await Host.Api.PutAsJsonAsync($"/api/tariff-assignments/charge-points/{Fresh.ChargePointId()}", new { tariffId }), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_session_is_priced_by_its_groups_tariff_before_the_charge_points_and_the_default_and_hears_CostUpdated()
    {
        // A host of its own: the default tariff and CostUpdated apply to every station of the host.
        await using var host = await CsmsHost.StartAsync(new Dictionary<string, string?> { ["Tariffs:CostUpdatedIntervalSeconds"] = "1" });
        await using var grouped = await TestChargePoint.ConnectV201Async(host, Fresh.ChargePointId());
        await using var plain = await TestChargePoint.ConnectV201Async(host, Fresh.ChargePointId());
        var group = Fresh.IdTag();
        var member = Fresh.IdTag();
        (await host.Api.PutAsJsonAsync($"/api/id-tags/{member}", new { status = "Accepted", parentIdTag = group })).EnsureSuccessStatusCode();
        await PutTariffAsync(host, "default", 0.50m, 0m);
        await PutTariffAsync(host, "station", 0.40m, 0m);
        await PutTariffAsync(host, "group", 0.10m, 2m);
        (await host.Api.PutAsJsonAsync("/api/tariff-assignments/default", new { tariffId = "default" })).EnsureSuccessStatusCode();
        await BootAsync(grouped);
        await BootAsync(plain);
        (await host.Api.PutAsJsonAsync($"/api/tariff-assignments/charge-points/{grouped.Id}", new { tariffId = "station" })).EnsureSuccessStatusCode();
        (await host.Api.PutAsJsonAsync($"/api/tariff-assignments/id-tag-groups/{group}", new { tariffId = "group" })).EnsureSuccessStatusCode();

        var groupedCost = await ChargeAsync(grouped, member);
        var plainCost = await ChargeAsync(plain, null);

        Assert.Equal(2m + (2m * 0.10m), groupedCost);
        Assert.Equal(2m * 0.50m, plainCost);
        await Poll.UntilAsync(_ => Task.FromResult(grouped.ServerCalls.Any(c => c.Action == "CostUpdated")), TimeSpan.FromSeconds(10), $"a CostUpdated to {grouped.Id} during its priced session");
        var costUpdated = grouped.ServerCalls.First(c => c.Action == "CostUpdated").Payload;
        Assert.True(costUpdated.GetProperty("totalCost").GetDecimal() >= 2m, $"Expected CostUpdated to carry the session's running cost, but it was {costUpdated}.");
        grouped.AssertAllServerFramesValid();
    }

    private static async Task PutTariffAsync(CsmsHost host, string tariffId, decimal pricePerKWh, decimal pricePerSession) =>
        (await host.Api.PutAsJsonAsync($"/api/tariffs/{tariffId}", new { currency = "EUR", pricePerKWh, pricePerSession })).EnsureSuccessStatusCode();

    private static async Task BootAsync(TestChargePoint station)
    {
        var boot = await station.CallAsync("BootNotification", V201Messages.BootNotification());
        Assert.Equal("Accepted", boot.GetString("status"));
    }

    /// <summary>A session of 2 kWh (1000 to 3000 Wh); returns the total cost the Ended event was answered with.</summary>
    private static async Task<decimal> ChargeAsync(TestChargePoint station, string? token)
    {
        var transactionId = Guid.NewGuid().ToString();
        var start = DateTimeOffset.UtcNow;
        await station.CallAsync("TransactionEvent", V201Messages.TransactionEvent("Started", transactionId, 0, start, token is null ? "CablePluggedIn" : "Authorized", energyWh: 1000, idToken: token));
        await station.CallAsync("TransactionEvent", V201Messages.TransactionEvent("Updated", transactionId, 1, start.AddSeconds(1), "MeterValuePeriodic", energyWh: 2000, chargingState: "Charging"));
        var ended = await station.CallAsync("TransactionEvent", V201Messages.TransactionEvent("Ended", transactionId, 2, start.AddSeconds(2), "EVCommunicationLost", energyWh: 3000, stoppedReason: "EVDisconnected"));
        Assert.True(ended.TryGetProperty("totalCost", out var total), $"Expected the Ended event of {station.Id} to be answered with totalCost, but it was {ended}.");
        return total.GetDecimal();
    }
}
