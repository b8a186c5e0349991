using OrleansCsms.Grains;

namespace OrleansCsms.Tests.Grains;

/// <summary>How many transactions an id tag may be in at once, and what counts as one.</summary>
[Collection(GrainSiloCollection.Name)]
public sealed class ConcurrentTransactionTests(GrainSiloFixture fixture)
{
    private GrainSilo Silo => fixture.Silo;

    [Fact]
    public async Task Authorize_never_answers_ConcurrentTx_even_while_the_tag_is_in_a_transaction()
    {
        var charging = await Charging.StartAsync(Silo);
        var (elsewhere, _, _) = await Charging.PrepareAsync(Silo);

        var onSameChargePoint = await charging.ChargePoint.AuthorizeAsync(charging.IdTag);
        var onAnother = await elsewhere.AuthorizeAsync(charging.IdTag);

        Assert.True((onSameChargePoint.Status, onAnother.Status) == ("Accepted", "Accepted"),
            $"Expected Authorize of id tag {charging.IdTag} during transaction {charging.TransactionId} to be Accepted everywhere (ConcurrentTx belongs to StartTransaction.conf only), but got {onSameChargePoint.Status} and {onAnother.Status}.");
    }

    [Fact]
    public async Task A_tag_limited_to_one_transaction_is_ConcurrentTx_on_a_second_start_until_the_first_stops()
    {
        var charging = await Charging.StartAsync(Silo);
        var (other, otherId, _) = await Charging.PrepareAsync(Silo);

        var during = await other.StartTransactionAsync(new StartTransactionRequest(1, charging.IdTag, Charging.At(30), 0));
        await charging.ChargePoint.StopTransactionAsync(new StopTransactionRequest(charging.TransactionId, Charging.At(60), 2000, charging.IdTag));
        var after = await other.StartTransactionAsync(new StartTransactionRequest(1, charging.IdTag, Charging.At(90), 0));

        Assert.True(during.IdTagInfo.Status == "ConcurrentTx",
            $"Expected a second start with id tag {charging.IdTag} on {otherId} while transaction {charging.TransactionId} runs to be ConcurrentTx, but it was {during.IdTagInfo.Status}.");
        Assert.True(after.IdTagInfo.Status == "Accepted",
            $"Expected a start with id tag {charging.IdTag} after transaction {charging.TransactionId} stopped to be Accepted, but it was {after.IdTagInfo.Status}.");
        var refused = await Silo.Grains.GetGrain<ITransactionGrain>(during.TransactionId).GetAsync();
        Assert.Equal("ConcurrentTx", refused?.StartIdTagStatus);
    }

    [Fact]
    public async Task A_start_that_was_not_Accepted_never_counts_against_the_tag()
    {
        var charging = await Charging.StartAsync(Silo);
        var (other, _, _) = await Charging.PrepareAsync(Silo);
        var refused = await other.StartTransactionAsync(new StartTransactionRequest(1, charging.IdTag, Charging.At(30), 0));
        await charging.ChargePoint.StopTransactionAsync(new StopTransactionRequest(charging.TransactionId, Charging.At(60), 2000, charging.IdTag));

        // The refused transaction is still open on its connector (the charge point may not have stopped it yet), yet the tag is free.
        var (third, thirdId, _) = await Charging.PrepareAsync(Silo);
        var next = await third.StartTransactionAsync(new StartTransactionRequest(1, charging.IdTag, Charging.At(90), 0));

        Assert.True(refused.IdTagInfo.Status == "ConcurrentTx", $"Expected the second start to be refused, but it was {refused.IdTagInfo.Status}.");
        Assert.True(next.IdTagInfo.Status == "Accepted",
            $"Expected id tag {charging.IdTag} to be free on {thirdId} while only a ConcurrentTx start (transaction {refused.TransactionId}) is open, but it was {next.IdTagInfo.Status}.");
        var counted = await Silo.Queries.ListActiveTransactionsAsync(charging.IdTag, CancellationToken.None);
        Assert.Equal([next.TransactionId], counted.Select(t => t.TransactionId));
    }

    [Theory]
    [InlineData(3, 3)]
    [InlineData(IdTagState.Unlimited, 12)]
    public async Task A_tag_may_be_in_as_many_transactions_as_its_limit_allows(int limit, int accepted)
    {
        var tag = Fresh.IdTag();
        await Silo.Grains.GetGrain<IIdTagGrain>(tag).PutAsync(new IdTagUpdate("Accepted", MaxActiveTransactions: limit));

        var statuses = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            var (chargePoint, _, _) = await Charging.PrepareAsync(Silo);
            statuses.Add((await chargePoint.StartTransactionAsync(new StartTransactionRequest(1, tag, Charging.At(i), 0))).IdTagInfo.Status);
        }

        var expected = Enumerable.Repeat("Accepted", accepted).Concat(Enumerable.Repeat("ConcurrentTx", 12 - accepted));
        Assert.True(statuses.SequenceEqual(expected),
            $"Expected 12 starts with id tag {tag} (limit {limit}, 0 = none) to be {accepted} Accepted then ConcurrentTx, but they were {string.Join(", ", statuses)}.");
    }

    [Fact]
    public async Task A_new_activation_of_the_tag_counts_the_stored_transactions()
    {
        var charging = await Charging.StartAsync(Silo);
        await using var other = await fixture.StartSiloAsync();
        var (elsewhere, elsewhereId, _) = await Charging.PrepareAsync(other);

        // The other cluster's activation of the tag has seen no start: it derives the count from the stored transactions.
        var second = await elsewhere.StartTransactionAsync(new StartTransactionRequest(1, charging.IdTag, Charging.At(30), 0));

        Assert.True(second.IdTagInfo.Status == "ConcurrentTx",
            $"Expected a fresh activation of id tag {charging.IdTag} to find stored transaction {charging.TransactionId} and answer ConcurrentTx on {elsewhereId}, but it answered {second.IdTagInfo.Status}.");
    }

    [Fact]
    public async Task A_start_counted_on_the_tag_but_never_stored_blocks_it_no_longer_than_the_grace()
    {
        // What a silo killed between counting a start on the tag and storing the transaction leaves behind: a count
        // for a transaction that does not exist.
        var (chargePoint, id, tag) = await Charging.PrepareAsync(Silo);
        var phantom = await Silo.TransactionIds.NextAsync(CancellationToken.None);
        var counted = await Silo.Grains.GetGrain<IIdTagGrain>(tag).StartTransactionAsync(phantom);
        Assert.Equal("Accepted", counted.Status);

        var within = await chargePoint.StartTransactionAsync(new StartTransactionRequest(1, tag, Charging.At(0), 0));
        Silo.Time.Advance(IdTagGrain.ReservationGrace + TimeSpan.FromSeconds(1));
        var after = await chargePoint.StartTransactionAsync(new StartTransactionRequest(2, tag, Charging.At(90), 0));

        Assert.True(within.IdTagInfo.Status == "ConcurrentTx",
            $"Expected a start within the grace to respect the recent count of transaction {phantom} (it may still be on its way to storage), but it was {within.IdTagInfo.Status}.");
        Assert.True(after.IdTagInfo.Status == "Accepted",
            $"Expected id tag {tag} on {id} to be free once the grace passed without transaction {phantom} being stored, but it was {after.IdTagInfo.Status}.");
    }

    [Fact]
    public async Task Updating_a_tag_keeps_its_transactions_counted_and_ending_them_frees_it()
    {
        var charging = await Charging.StartAsync(Silo);
        await Silo.Grains.GetGrain<IIdTagGrain>(charging.IdTag).PutAsync(new IdTagUpdate("Accepted", ParentIdTag: "FLEET"));
        var (other, _, _) = await Charging.PrepareAsync(Silo);

        var whileOpen = await other.StartTransactionAsync(new StartTransactionRequest(1, charging.IdTag, Charging.At(30), 0));
        await charging.ChargePoint.EndTransactionAsync(charging.TransactionId, new TransactionEnd(TransactionEnders.Operator, "Stuck"));
        var afterEnd = await other.StartTransactionAsync(new StartTransactionRequest(2, charging.IdTag, Charging.At(60), 0));

        Assert.Equal(("ConcurrentTx", "FLEET"), (whileOpen.IdTagInfo.Status, whileOpen.IdTagInfo.ParentIdTag));
        Assert.True(afterEnd.IdTagInfo.Status == "Accepted",
            $"Expected id tag {charging.IdTag} to be free once an operator ended transaction {charging.TransactionId}, but it was {afterEnd.IdTagInfo.Status}.");
    }
}
