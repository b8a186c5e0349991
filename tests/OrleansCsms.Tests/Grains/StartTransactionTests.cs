using OrleansCsms.Grains;

namespace OrleansCsms.Tests.Grains;

[Collection(GrainSiloCollection.Name)]
public sealed class StartTransactionTests(GrainSiloFixture fixture)
{
    private GrainSilo Silo => fixture.Silo;

    [Fact]
    public async Task Transaction_ids_come_from_the_sequence()
    {
        var (chargePoint, id, tag) = await Charging.PrepareAsync(Silo);
        var before = await Silo.TransactionIds.NextAsync(CancellationToken.None);

        var first = await chargePoint.StartTransactionAsync(new StartTransactionRequest(1, tag, Charging.At(0), 100));
        var second = await chargePoint.StartTransactionAsync(new StartTransactionRequest(2, tag, Charging.At(5), 200));
        var after = await Silo.TransactionIds.NextAsync(CancellationToken.None);

        // The tests of this collection run one at a time, so nothing else takes ids from this database's sequence meanwhile.
        Assert.True((first.TransactionId, second.TransactionId) == (before + 1, before + 2) && after == before + 3,
            $"Expected charge point {id} to get ids {before + 1} and {before + 2} from the sequence, but got {first.TransactionId} and {second.TransactionId} (sequence then at {after}).");
        var transaction = await Silo.Grains.GetGrain<ITransactionGrain>(first.TransactionId).GetAsync();
        Assert.True(transaction is { Active: true, ConnectorId: 1, MeterStart: 100, EnergyWh: 0 }, $"Expected transaction {first.TransactionId} to be active on connector 1 from meter 100.");
        Assert.Equal((id, tag, "Accepted"), (transaction.ChargePointId, transaction.IdTag, transaction.StartIdTagStatus));
    }

    [Fact]
    public async Task A_resent_start_gets_the_same_id_and_creates_no_second_transaction()
    {
        var charging = await Charging.StartAsync(Silo);
        var sequenceBefore = await Silo.TransactionIds.NextAsync(CancellationToken.None);

        var resent = await charging.ChargePoint.StartTransactionAsync(charging.Start with { });

        Assert.True(resent.TransactionId == charging.TransactionId,
            $"Expected the resent start on charge point {charging.ChargePointId} to get transaction id {charging.TransactionId} again, but got {resent.TransactionId}.");
        Assert.Equal("Accepted", resent.IdTagInfo.Status);
        Assert.Equal(sequenceBefore + 1, await Silo.TransactionIds.NextAsync(CancellationToken.None));
        var listed = await Silo.Queries.ListTransactionsAsync(new TransactionQuery(ChargePointId: charging.ChargePointId), CancellationToken.None);
        Assert.True(listed.TotalCount == 1, $"Expected one transaction for charge point {charging.ChargePointId} after a resent start, but found {listed.TotalCount}.");
        Assert.Equal([charging.TransactionId], (await charging.ChargePoint.GetAsync())?.OpenTransactions.Values);
        Assert.Equal([charging.TransactionId], (await Silo.Queries.ListActiveTransactionsAsync(charging.IdTag, CancellationToken.None)).Select(t => t.TransactionId));
    }

    [Fact]
    public async Task A_start_resent_to_a_new_activation_gets_the_same_id()
    {
        var charging = await Charging.StartAsync(Silo);
        await using var other = await fixture.StartSiloAsync();

        // Another silo holds no activation yet, so its answer comes from what the first one stored.
        var resent = await other.Grains.GetGrain<IChargePointGrain>(charging.ChargePointId).StartTransactionAsync(charging.Start with { });

        Assert.True(resent.TransactionId == charging.TransactionId,
            $"Expected the start resent to a new activation of charge point {charging.ChargePointId} to get transaction id {charging.TransactionId}, but got {resent.TransactionId}.");
    }

    [Fact]
    public async Task A_start_with_another_meter_start_is_a_new_transaction()
    {
        var charging = await Charging.StartAsync(Silo);

        var other = await charging.ChargePoint.StartTransactionAsync(charging.Start with { MeterStart = Charging.MeterStart + 1 });

        Assert.True(other.TransactionId != charging.TransactionId,
            $"Expected a start with another meter start on charge point {charging.ChargePointId} to get a new id, but got {other.TransactionId} again.");
        var listed = await Silo.Queries.ListTransactionsAsync(new TransactionQuery(ChargePointId: charging.ChargePointId), CancellationToken.None);
        Assert.Equal(2, listed.TotalCount);
    }
}
