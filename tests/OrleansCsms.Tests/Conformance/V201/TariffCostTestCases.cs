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
