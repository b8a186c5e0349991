using System.Text.Json;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Conformance.V201;

/// <summary>
/// OCTT 2.0.1 block I (tariff and cost), CSMS side: the CSMS holds an energy-based tariff for the station, and tells
/// the running cost in every TransactionEventResponse of the session and the final cost in its Ended one.
/// </summary>
[Collection(OcttV201Collection.Name)]
public sealed class TariffCostTestCases(CsmsHostFixture fixture) : StationTestCases(fixture)
{
    private const decimal PricePerKWh = 0.25m;

    [Fact]
    public async Task TC_I_01_CSMS_Periodic_meter_values_are_answered_with_the_running_total_cost()
    {
        var token = await Operator.IdTagAsync();
        var station = await BootedStationAsync();
        await EnergyTariffForAsync(station.Id);
        await station.AuthorizedAsync(token);
        await station.EnergyTransferStartedAsync();

        var first = await station.EventAsync("Updated", "MeterValuePeriodic");
        var second = await station.EventAsync("Updated", "MeterValuePeriodic");

        var running = TotalCost(first, "the first MeterValuePeriodic");
        var later = TotalCost(second, "the second MeterValuePeriodic");
        Assert.True(running > 0 && later > running, $"Expected the running cost to grow with the energy, but it went from {running} to {later}.");
        var transaction = await StationRecords.TransactionAsync(Host, station.Id, station.TransactionId!);
        Assert.Equal(EnergyCost(transaction), later);
    }

    [Fact]
    public async Task TC_I_02_CSMS_The_Ended_event_is_answered_with_the_final_total_cost()
    {
        var token = await Operator.IdTagAsync();
        var station = await BootedStationAsync();
        await EnergyTariffForAsync(station.Id);
        await station.EvConnectedPreSessionAsync();
        await station.AuthorizedAsync(token);
        await station.EnergyTransferStartedAsync(cablePluggedIn: true);
        await station.StopAuthorizedAsync(token);
        await station.EvConnectedPostSessionAsync();
        await station.ConnectorStatusAsync("Available");

        var ended = await station.EventAsync("Ended", "EVCommunicationLost", chargingState: "Idle", stoppedReason: "EVDisconnected");

        var total = TotalCost(ended, "the Ended event");
        var transaction = await StationRecords.TransactionAsync(Host, station.Id, station.TransactionId!);
        Assert.Equal(EnergyCost(transaction), total);
        var cost = transaction.GetProperty("cost");
        Assert.True(cost.GetProperty("final").GetBoolean(), $"Expected the transaction to show its final cost, but it shows {cost}.");
        Assert.Equal(total, cost.GetProperty("totalCost").GetDecimal());
        Assert.Equal("EUR", cost.GetProperty("currency").GetString());
        Assert.True(
            ended.TryGetProperty("updatedPersonalMessage", out var message) && message.GetProperty("content").GetString()!.Contains("EUR", StringComparison.Ordinal),
            $"Expected the Ended event's answer to tell the driver the total in words, but it was {ended}.");
    }

    [Fact]
    public async Task I01_Authorize_of_an_accepted_token_tells_the_tariff_of_the_station_as_its_personal_message()
    {
        var station = await BootedStationAsync();
        var tariffId = $"described-{Guid.NewGuid():N}"[..30];
        await Operator.PutAsync($"/api/tariffs/{tariffId}", new { currency = "EUR", pricePerKWh = 0.3m, description = "0.30 EUR/kWh, no session fee" });
        await Operator.PutAsync($"/api/tariff-assignments/charge-points/{station.Id}", new { tariffId });
        var token = await Operator.IdTagAsync();

        var answer = await station.Socket.CallAsync("Authorize", V201Messages.Authorize(token));

        Assert.True(
            PersonalMessage(answer) == "0.30 EUR/kWh, no session fee",
            $"Expected the Authorize answer to carry the tariff's description as personalMessage, but it was {answer}.");
    }

    [Fact]
    public async Task I01_A_tariff_without_description_is_told_by_its_prices()
    {
        var station = await BootedStationAsync();
        var tariffId = $"priced-{Guid.NewGuid():N}"[..30];
        await Operator.PutAsync($"/api/tariffs/{tariffId}", new { currency = "EUR", pricePerKWh = 0.3m, pricePerSession = 1m });
        await Operator.PutAsync($"/api/tariff-assignments/charge-points/{station.Id}", new { tariffId });
        var token = await Operator.IdTagAsync();

        var answer = await station.Socket.CallAsync("Authorize", V201Messages.Authorize(token));

        Assert.True(PersonalMessage(answer) == "0.30 EUR/kWh, 1.00 EUR per session", $"Expected the tariff's prices in words as personalMessage, but it was {answer}.");
    }

    [Fact]
    public async Task I01_A_token_s_own_personal_message_is_told_instead_of_the_tariff_and_a_refused_token_gets_neither()
    {
        var station = await BootedStationAsync();
        await EnergyTariffForAsync(station.Id);
        var greeted = Fresh.IdTag();
        await Operator.PutAsync($"/api/id-tags/{greeted}", new { status = "Accepted", personalMessage = "Welcome back" });
        var blocked = await Operator.IdTagAsync("Blocked");

        var own = await station.Socket.CallAsync("Authorize", V201Messages.Authorize(greeted));
        var refused = await station.Socket.CallAsync("Authorize", V201Messages.Authorize(blocked));

        Assert.True(PersonalMessage(own) == "Welcome back", $"Expected the token's own message to win over the tariff text, but it was {own}.");
        Assert.True(PersonalMessage(refused) is null, $"Expected no tariff text for a Blocked token, but it was {refused}.");
        station.Socket.AssertAllServerFramesValid();
    }

    private static string? PersonalMessage(JsonElement answer) =>
        answer.GetProperty("idTokenInfo").TryGetProperty("personalMessage", out var message) ? message.GetProperty("content").GetString() : null;

    /// <summary>The memory state of block I: an energy-only tariff assigned to the station.</summary>
    private async Task EnergyTariffForAsync(string stationId)
    {
        var tariffId = $"energy-{Guid.NewGuid():N}"[..30];
        await Operator.PutAsync($"/api/tariffs/{tariffId}", new { currency = "EUR", pricePerKWh = PricePerKWh });
        await Operator.PutAsync($"/api/tariff-assignments/charge-points/{stationId}", new { tariffId });
    }

    private static decimal TotalCost(JsonElement answer, string what)
    {
        Assert.True(
            answer.TryGetProperty("totalCost", out var cost) && cost.ValueKind == JsonValueKind.Number,
            $"Expected the answer to {what} to carry totalCost, but it was {answer}.");
        return cost.GetDecimal();
    }

    /// <summary>The energy the CSMS counted, at the tariff's price, rounded to the cent.</summary>
    private static decimal EnergyCost(JsonElement transaction) =>
        Math.Round(transaction.GetProperty("energyWh").GetInt64() / 1000m * PricePerKWh, 2, MidpointRounding.AwayFromZero);
}
