using OrleansCsms.Grains;

namespace OrleansCsms.Storage.Tests;

/// <summary>How appends are grouped into batches, observed through a table that holds the first batch open.</summary>
public sealed class GroupCommitMeterValueStoreTests
{
    private readonly CancellationToken _cancellation = Deadline.Token();

    [Fact]
    public async Task Appends_arriving_while_a_batch_is_written_go_out_together_as_the_next_batch()
    {
        var table = new GatedTable();
        var store = new GroupCommitMeterValueStore(table, batchSize: 500);
        var first = store.AppendAsync([Value(0)], _cancellation);
        await table.FirstBatchStarted.Task.Within("the first batch to reach the table");

        var waiting = Enumerable.Range(1, 50).Select(i => store.AppendAsync([Value(i * 2), Value((i * 2) + 1)], _cancellation)).ToArray();
        table.ReleaseFirstBatch.SetResult();

        Assert.Equal(1, await first.Within("the first append"));
        Assert.All(await Task.WhenAll(waiting).Within("the 50 waiting appends"), count => Assert.Equal(2, count));
        Assert.Equal([1, 100], table.BatchSizes);
        await store.CloseAsync().Within("the store to close");
    }

    [Fact]
    public async Task A_batch_never_grows_past_the_batch_size_but_never_splits_one_callers_values()
    {
        var table = new GatedTable();
        var store = new GroupCommitMeterValueStore(table, batchSize: 30);
        var first = store.AppendAsync([Value(0)], _cancellation);
        await table.FirstBatchStarted.Task.Within("the first batch to reach the table");

        var waiting = Enumerable.Range(1, 40).Select(i => store.AppendAsync([Value(i * 2), Value((i * 2) + 1)], _cancellation)).ToList();
        waiting.Add(store.AppendAsync([.. Enumerable.Range(1_000, 45).Select(Value)], _cancellation));
        table.ReleaseFirstBatch.SetResult();
        await Task.WhenAll(waiting.Prepend(first)).Within("every append to be written");

        Assert.Equal([1, 30, 30, 20, 45], table.BatchSizes);
        await store.CloseAsync().Within("the store to close");
    }

    [Fact]
    public async Task Each_caller_is_told_how_many_of_its_own_values_were_new()
    {
        var table = new GatedTable { IsNew = value => value.Value != "seen" };
        var store = new GroupCommitMeterValueStore(table, batchSize: 500);
        var first = store.AppendAsync([Value(0)], _cancellation);
        await table.FirstBatchStarted.Task.Within("the first batch to reach the table");

        var allSeen = store.AppendAsync([Value(1) with { Value = "seen" }, Value(2) with { Value = "seen" }], _cancellation);
        var oneNew = store.AppendAsync([Value(3) with { Value = "seen" }, Value(4)], _cancellation);
        table.ReleaseFirstBatch.SetResult();

        Assert.Equal((1, 0, 1), (await first, await allSeen, await oneNew));
        await store.CloseAsync().Within("the store to close");
    }

    [Fact]
    public async Task A_failed_batch_fails_its_callers_and_the_next_batch_is_still_written()
    {
        var table = new GatedTable { Fail = true };
        table.ReleaseFirstBatch.SetResult();
        var store = new GroupCommitMeterValueStore(table, batchSize: 500);

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.AppendAsync([Value(0)], _cancellation).Within("the failing append"));
        table.Fail = false;

        Assert.Equal(1, await store.AppendAsync([Value(1)], _cancellation).Within("the append after the failure"));
        await store.CloseAsync().Within("the store to close");
    }

    private static MeterValueRecord Value(int index) =>
        new("CP-1", 1, 1, DateTimeOffset.UnixEpoch.AddSeconds(index), "1", null, null, null, null, null, "Wh", "test");

    private sealed class GatedTable : IMeterValueTable
    {
        private readonly Lock _gate = new();
        private readonly List<int> _batchSizes = [];

        public TaskCompletionSource FirstBatchStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource ReleaseFirstBatch { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Func<MeterValueRecord, bool> IsNew { get; init; } = _ => true;

        public bool Fail { get; set; }

        public IReadOnlyList<int> BatchSizes
        {
            get
            {
                lock (_gate)
                {
                    return [.. _batchSizes];
                }
            }
        }

        public async Task<bool[]> InsertAsync(IReadOnlyList<MeterValueRecord> rows, CancellationToken cancellationToken)
        {
            if (Fail)
            {
                throw new InvalidOperationException("The table is down.");
            }

            bool first;
            lock (_gate)
            {
                first = _batchSizes.Count == 0;
                _batchSizes.Add(rows.Count);
            }

            if (first)
            {
                FirstBatchStarted.SetResult();
                await ReleaseFirstBatch.Task;
            }

            return [.. rows.Select(IsNew)];
        }

        public Task<IReadOnlyList<MeterValueRecord>> ListByTransactionAsync(int transactionId, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<int> CountByTransactionAsync(int transactionId, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<IReadOnlyList<MeterValueRecord>> ListByChargePointAsync(string chargePointId, int? connectorId, int readings, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }
}
