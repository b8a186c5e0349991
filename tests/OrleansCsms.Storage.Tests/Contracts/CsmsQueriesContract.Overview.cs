using OrleansCsms.Grains;

namespace OrleansCsms.Storage.Tests;

/// <summary>What the map, the overview and the transactions export read.</summary>
public abstract partial class CsmsQueriesContract
{
    [Fact]
    public async Task Only_registered_charge_points_with_a_position_are_on_the_map_in_id_order()
    {
        await using var seeded = await Seeded.StartAsync(fixture);
        await seeded.WriteAsync(ChargePoint("CP-M2"), Located(ChargePointOf("CP-M2", registered: true, "Charging", "front-end-1"), 52.52, 13.405, "Unter den Linden 1"));
        await seeded.WriteAsync(ChargePoint("CP-M1"), Located(ChargePointOf("CP-M1", registered: true, "Available", frontEndId: null), -12.5, -77.25, null));
        await seeded.WriteAsync(ChargePoint("CP-M3"), ChargePointOf("CP-M3", registered: true, "Available", frontEndId: null));
        await seeded.WriteAsync(ChargePoint("CP-M4"), Located(ChargePointOf("CP-M4", registered: false, "Available", frontEndId: null), 1, 1, null));

        var located = await seeded.Queries.ListLocatedChargePointsAsync(_cancellation);

        Assert.Equal(
            [
                new LocatedChargePoint("CP-M1", "About CP-M1", "Available", false, new GeoPosition(-12.5, -77.25), null),
                new LocatedChargePoint("CP-M2", "About CP-M2", "Charging", true, new GeoPosition(52.52, 13.405), "Unter den Linden 1"),
            ],
            located);
    }

    [Fact]
    public async Task Charge_points_are_counted_by_connection_and_by_the_status_of_any_connector()
    {
        await using var seeded = await Seeded.StartAsync(fixture);
        await seeded.WriteAsync(ChargePoint("CP-1"), WithConnectors(ChargePointOf("CP-1", true, "Available", "front-end-1"), "Available", "Charging", "Charging"));
        await seeded.WriteAsync(ChargePoint("CP-2"), WithConnectors(ChargePointOf("CP-2", true, "Available", "front-end-1"), "Available", "Faulted", "Unavailable"));
        await seeded.WriteAsync(ChargePoint("CP-3"), WithConnectors(ChargePointOf("CP-3", true, "Unavailable", frontEndId: null), "Unavailable"));
        await seeded.States.WriteAsync(ChargePoint("CP-4"), """{"id":"CP-4","registered":true}""", null, _cancellation);
        await seeded.WriteAsync(ChargePoint("CP-5"), WithConnectors(ChargePointOf("CP-5", false, "Charging", "front-end-1"), "Charging"));

        var counts = await seeded.Queries.CountChargePointsAsync(_cancellation);

        Assert.Equal(new ChargePointCounts(Known: 4, Connected: 2, Charging: 1, Faulted: 1, Unavailable: 2), counts);
    }

    [Fact]
    public async Task A_station_whose_transaction_in_progress_reports_charging_counts_as_charging_though_its_connectors_say_occupied()
    {
        await using var seeded = await Seeded.StartAsync(fixture);
        await seeded.WriteAsync(ChargePoint("CP-201A"), WithConnectors(ChargePointOf("CP-201A", true, "Available", "front-end-1"), "Available", "Occupied"));
        await seeded.WriteAsync(ChargePoint("CP-201B"), WithConnectors(ChargePointOf("CP-201B", true, "Available", "front-end-1"), "Available", "Occupied"));
        await seeded.WriteAsync(ChargePoint("CP-201C"), WithConnectors(ChargePointOf("CP-201C", true, "Available", "front-end-2"), "Available", "Occupied", "Occupied"));
        await seeded.WriteAsync(ChargePoint("CP-201D"), WithConnectors(ChargePointOf("CP-201D", true, "Available", "front-end-2"), "Available", "Available"));
        await seeded.WriteAsync(Transaction(1), Charging(TransactionOf(1, "CP-201A", "TAG-1", March1, active: true), "Charging"));
        await seeded.WriteAsync(Transaction(2), Charging(TransactionOf(2, "CP-201B", "TAG-2", March1, active: true), "SuspendedEV"));
        await seeded.WriteAsync(Transaction(3), Charging(TransactionOf(3, "CP-201C", "TAG-3", March1, active: true), "Charging"));
        await seeded.WriteAsync(Transaction(4), Charging(TransactionOf(4, "CP-201C", "TAG-4", March1, active: true), "Charging"));
        await seeded.WriteAsync(Transaction(5), Charging(TransactionOf(5, "CP-201D", "TAG-5", March1, active: false), "Charging"));

        var counts = await seeded.Queries.CountChargePointsAsync(_cancellation);

        Assert.True(counts.Charging == 2, $"Expected CP-201A and CP-201C (each counted once) to count as charging, not the suspended CP-201B nor CP-201D whose charging transaction ended, but {counts.Charging} did.");
    }

    [Fact]
    public async Task Transactions_started_since_an_instant_are_summed_with_their_energy()
    {
        await using var seeded = await Seeded.StartAsync(fixture);
        await seeded.WriteAsync(Transaction(1), WithEnergy(TransactionOf(1, "CP-A", "TAG-1", March1.AddMinutes(-1), active: false), 9_000));
        await seeded.WriteAsync(Transaction(2), WithEnergy(TransactionOf(2, "CP-A", "TAG-1", March1, active: false), 1_500));
        await seeded.WriteAsync(Transaction(3), WithEnergy(TransactionOf(3, "CP-B", "TAG-2", new DateTimeOffset(2025, 3, 1, 10, 30, 0, TimeSpan.FromHours(2)), active: true), 250));
        await seeded.WriteAsync(Transaction(4), TransactionOf(4, "CP-B", "TAG-2", start: null, active: false));

        var totals = await seeded.Queries.SumTransactionsStartedSinceAsync(March1, _cancellation);

        Assert.Equal(new TransactionTotals(Transactions: 2, Active: 1, EnergyWh: 1_750), totals);
    }

    [Fact]
    public async Task Transactions_read_on_from_before_an_id_in_pages_that_neither_repeat_nor_skip()
    {
        await using var seeded = await SeedTransactionsAsync();

        var first = await IdsAsync(seeded, new TransactionQuery(PageSize: 2));
        var second = await IdsAsync(seeded, new TransactionQuery(PageSize: 2, BeforeTransactionId: first[^1]));
        var filtered = await IdsAsync(seeded, new TransactionQuery(IdTag: "TAG-1", BeforeTransactionId: 10));

        Assert.Equal([10, 3], first);
        Assert.Equal([2, 1], second);
        Assert.Equal([3, 1], filtered);
    }

    private static ChargePointState Located(ChargePointState state, double latitude, double longitude, string? address)
    {
        state.Description = $"About {state.Id}";
        state.Position = new GeoPosition(latitude, longitude);
        state.Address = address;
        return state;
    }

    private static ChargePointState WithConnectors(ChargePointState state, params string[] statuses)
    {
        for (var connector = 0; connector < statuses.Length; connector++)
        {
            state.Connectors[connector] = new ConnectorState(statuses[connector], "NoError", March1);
        }

        return state;
    }

    private static TransactionState Charging(TransactionState state, string chargingState)
    {
        state.ChargingState = chargingState;
        state.StationTransactionId = $"station-{state.TransactionId}";
        return state;
    }

    private static TransactionState WithEnergy(TransactionState state, long energyWh)
    {
        state.EnergyWh = energyWh;
        return state;
    }
}
