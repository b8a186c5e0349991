using System.Text.Json;
using OrleansCsms.Ocpp.V16;

namespace OrleansCsms.Simulator.Tests;

public sealed class TransactionQueueTests
{
    [Fact]
    public async Task Messages_queued_before_the_start_is_acknowledged_carry_the_id_it_gets_and_keep_their_order()
    {
        var queue = new TransactionQueue(100, new Random(1));
        var transaction = new LocalTransaction(1, "TAG", 0, DateTimeOffset.UtcNow);
        await queue.EnqueueAsync(TransactionMessages.Start(transaction), CancellationToken.None);
        await queue.EnqueueAsync(TransactionMessages.MeterValues(transaction, ConnectorMeter.RegisterSample(DateTimeOffset.UtcNow, ReadingContext.SamplePeriodic, 10)), CancellationToken.None);
        var stop = await queue.EnqueueAsync(TransactionMessages.Stop(transaction, 20, DateTimeOffset.UtcNow, Reason.Local), CancellationToken.None);
        var sent = new List<(string Action, JsonElement Payload)>();
        using var done = new CancellationTokenSource();

        var delivery = queue.DeliverAsync(
            (action, payload, _) =>
            {
                sent.Add((action, payload));
                var answer = action == "StartTransaction"
                    ? V16Json.ToPayload(new StartTransactionConfirmation { TransactionId = 77, IdTagInfo = new IdTagInfo { Status = AuthorizationStatus.Accepted } })
                    : JsonElement.Parse("{}");
                return Task.FromResult(CallOutcome.FromResult(answer, TimeSpan.Zero));
            },
            new ChargePointConfiguration(1, 0, 0),
            done.Token);
        await stop.Delivery.WaitAsync(TimeSpan.FromSeconds(5));
        await done.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => delivery);

        Assert.Equal(["StartTransaction", "MeterValues", "StopTransaction"], sent.Select(s => s.Action));
        Assert.Equal(77, sent[1].Payload.GetProperty("transactionId").GetInt32());
        Assert.Equal(77, sent[2].Payload.GetProperty("transactionId").GetInt32());
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task A_lost_connection_keeps_the_message_at_the_head_for_the_next_connection()
    {
        var queue = new TransactionQueue(100, new Random(1));
        var transaction = new LocalTransaction(1, "TAG", 0, DateTimeOffset.UtcNow);
        var start = await queue.EnqueueAsync(TransactionMessages.Start(transaction), CancellationToken.None);
        var configuration = new ChargePointConfiguration(1, 0, 0);

        await queue.DeliverAsync((_, _, _) => Task.FromResult(CallOutcome.Disconnected), configuration, CancellationToken.None);

        Assert.Equal(1, queue.Count);
        Assert.False(start.Delivery.IsCompleted);
        using var done = new CancellationTokenSource();
        var delivery = queue.DeliverAsync(
            (_, _, _) => Task.FromResult(CallOutcome.FromResult(
                V16Json.ToPayload(new StartTransactionConfirmation { TransactionId = 5, IdTagInfo = new IdTagInfo { Status = AuthorizationStatus.Accepted } }),
                TimeSpan.Zero)),
            configuration,
            done.Token);
        Assert.True((await start.Delivery.WaitAsync(TimeSpan.FromSeconds(5))).IsResult);
        Assert.Equal(5, await transaction.Identified);
        await done.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => delivery);
    }
}
