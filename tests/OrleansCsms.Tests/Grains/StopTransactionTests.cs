using OrleansCsms.Grains;

namespace OrleansCsms.Tests.Grains;

[Collection(GrainSiloCollection.Name)]
public sealed class StopTransactionTests(GrainSiloFixture fixture)
{
    private GrainSilo Silo => fixture.Silo;

    [Fact]
    public async Task Energy_at_stop_is_meter_stop_minus_meter_start()
    {
        var charging = await Charging.StartAsync(Silo);

        var info = await charging.ChargePoint.StopTransactionAsync(new StopTransactionRequest(charging.TransactionId, Charging.At(600), 5250, charging.IdTag, "Local"));

        var transaction = await charging.GetTransactionAsync(Silo);
        Assert.True(transaction is { Active: false, MeterStop: 5250 }, $"Expected transaction {charging.TransactionId} to be stopped at meter 5250.");
        Assert.True(transaction.EnergyWh == 4250, $"Expected transaction {charging.TransactionId} to have 5250 − 1000 = 4250 Wh, but it has {transaction.EnergyWh}.");
        Assert.Equal((Charging.At(600), "Local"), (transaction.StopTimestamp, transaction.StopReason));
        Assert.Equal("Accepted", info?.Status);
        Assert.Empty((await charging.ChargePoint.GetAsync())!.OpenTransactions);
    }

    [Fact]
    public async Task A_replayed_stop_is_acknowledged_and_counted_once()
    {
        var charging = await Charging.StartAsync(Silo);
        var stop = new StopTransactionRequest(charging.TransactionId, Charging.At(600), 5250, charging.IdTag, "Local");
        await charging.ChargePoint.StopTransactionAsync(stop);
        var next = await charging.ChargePoint.StartTransactionAsync(new StartTransactionRequest(1, charging.IdTag, Charging.At(700), 5250));

        var replayInfo = await charging.ChargePoint.StopTransactionAsync(stop);

        var transaction = await charging.GetTransactionAsync(Silo);
        Assert.True(transaction is { EnergyWh: 4250, MeterStop: 5250 } && transaction.StopTimestamp == Charging.At(600),
            $"Expected the replayed stop to leave transaction {charging.TransactionId} as first stopped (4250 Wh at {Charging.At(600):u}), but it has {transaction?.EnergyWh} Wh at {transaction?.StopTimestamp:u}.");
        Assert.Equal("Accepted", replayInfo?.Status);
        var active = (await Silo.Queries.ListActiveTransactionsAsync(charging.IdTag, CancellationToken.None)).Select(t => t.TransactionId).ToList();
        Assert.True(active.SequenceEqual([next.TransactionId]),
            $"Expected id tag {charging.IdTag} to be in transaction {next.TransactionId} only after the replayed stop of {charging.TransactionId}, but it is in [{string.Join(", ", active)}].");
        var chargePoint = await charging.ChargePoint.GetAsync();
        Assert.Equal([next.TransactionId], chargePoint?.OpenTransactions.Values);
        Assert.Empty(chargePoint!.UnmatchedStops);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(2_000_000_000)]
    public async Task A_stop_for_an_unknown_transaction_is_acknowledged_and_recorded_without_creating_one(int transactionId)
    {
        var (chargePoint, id, tag) = await Charging.PrepareAsync(Silo);
        var stop = new StopTransactionRequest(transactionId, Charging.At(600), 5250, tag, "PowerLoss");

        var info = await chargePoint.StopTransactionAsync(stop);
        await chargePoint.StopTransactionAsync(stop);

        Assert.Equal("Accepted", info?.Status);
        var state = await chargePoint.GetAsync();
        Assert.True(state?.UnmatchedStops is [{ } unmatched] && unmatched.TransactionId == transactionId && unmatched.MeterStop == 5250,
            $"Expected charge point {id} to record the stop of unknown transaction {transactionId} once, but it recorded {state?.UnmatchedStops.Count} stop(s).");
        Assert.Null(await Silo.Grains.GetGrain<ITransactionGrain>(transactionId).GetAsync());
        var listed = await Silo.Queries.ListTransactionsAsync(new TransactionQuery(ChargePointId: id), CancellationToken.None);
        Assert.Equal(0, listed.TotalCount);
    }

    [Fact]
    public async Task A_stop_for_another_charge_points_transaction_leaves_that_transaction_running()
    {
        var charging = await Charging.StartAsync(Silo);
        var (intruder, intruderId, _) = await Charging.PrepareAsync(Silo);

        await intruder.StopTransactionAsync(new StopTransactionRequest(charging.TransactionId, Charging.At(60), 9999, null, "Other"));

        var transaction = await charging.GetTransactionAsync(Silo);
        Assert.True(transaction is { Active: true, MeterStop: null },
            $"Expected transaction {charging.TransactionId} of charge point {charging.ChargePointId} to keep running when charge point {intruderId} stops it, but it was stopped at meter {transaction?.MeterStop}.");
        Assert.Single((await intruder.GetAsync())!.UnmatchedStops);
    }
}
