using System.Threading.Channels;
using OrleansCsms.Grains;

namespace OrleansCsms.Storage;

/// <summary>An engine's meter_values table: one batch per call, committed in one transaction.</summary>
internal interface IMeterValueTable
{
    /// <summary>Inserts the rows, skipping those already stored, and returns for each row whether it was new.</summary>
    Task<bool[]> InsertAsync(IReadOnlyList<MeterValueRecord> rows, CancellationToken cancellationToken);

    Task<IReadOnlyList<MeterValueRecord>> ListByTransactionAsync(int transactionId, CancellationToken cancellationToken);

    Task<int> CountByTransactionAsync(int transactionId, CancellationToken cancellationToken);

    Task<IReadOnlyList<MeterValueRecord>> ListByChargePointAsync(string chargePointId, int? connectorId, int readings, CancellationToken cancellationToken);
}

/// <summary>
/// Group commit: appends that arrive while a batch is being written wait together and go out as the next
/// batch, so a burst of MeterValues from thousands of charge points costs one round trip and one commit
/// per batch instead of one per message, while each caller still returns only after its rows are durable.
/// </summary>
internal sealed class GroupCommitMeterValueStore : IMeterValueStore
{
    private readonly IMeterValueTable _table;
    private readonly int _batchSize;
    private readonly Channel<PendingAppend> _queue = Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _abort = new();
    private readonly Task _writer;

    public GroupCommitMeterValueStore(IMeterValueTable table, int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        _table = table;
        _batchSize = batchSize;
        _writer = Task.Run(WriteBatchesAsync);
    }

    public Task<int> AppendAsync(IReadOnlyList<MeterValueRecord> values, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return Task.FromResult(0);
        }

        var pending = new PendingAppend(values);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(GroupCommitMeterValueStore), "The meter value store is shutting down.");
        }

        // A cancelled caller stops waiting, but its rows may still commit; a retry is harmless because inserts are deduplicated.
        return pending.Completion.Task.WaitAsync(cancellationToken);
    }

    public Task<IReadOnlyList<MeterValueRecord>> ListByTransactionAsync(int transactionId, CancellationToken cancellationToken) =>
        _table.ListByTransactionAsync(transactionId, cancellationToken);

    public Task<int> CountByTransactionAsync(int transactionId, CancellationToken cancellationToken) =>
        _table.CountByTransactionAsync(transactionId, cancellationToken);

    public Task<IReadOnlyList<MeterValueRecord>> ListByChargePointAsync(string chargePointId, int? connectorId, int readings, CancellationToken cancellationToken) =>
        _table.ListByChargePointAsync(chargePointId, connectorId, readings, cancellationToken);

    /// <summary>Stops taking appends and waits until the queued ones are written.</summary>
    public Task CloseAsync()
    {
        _queue.Writer.TryComplete();
        return _writer;
    }

    /// <summary>Stops taking appends and abandons the queued ones, for disposal without waiting.</summary>
    public void Abort()
    {
        _queue.Writer.TryComplete();
        _abort.Cancel();
    }

    private async Task WriteBatchesAsync()
    {
        var batch = new List<PendingAppend>();
        var rows = new List<MeterValueRecord>();
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            rows.Clear();
            while (reader.TryPeek(out var next) && (batch.Count == 0 || rows.Count + next.Values.Count <= _batchSize))
            {
                reader.TryRead(out _);
                batch.Add(next);
                rows.AddRange(next.Values);
            }

            await WriteAsync(batch, rows).ConfigureAwait(false);
        }
    }

    private async Task WriteAsync(List<PendingAppend> batch, List<MeterValueRecord> rows)
    {
        try
        {
            var isNew = await _table.InsertAsync(rows, _abort.Token).ConfigureAwait(false);
            var offset = 0;
            foreach (var pending in batch)
            {
                var added = 0;
                for (var i = 0; i < pending.Values.Count; i++)
                {
                    if (isNew[offset + i])
                    {
                        added++;
                    }
                }

                offset += pending.Values.Count;
                pending.Completion.TrySetResult(added);
            }
        }
        catch (Exception ex)
        {
            foreach (var pending in batch)
            {
                pending.Completion.TrySetException(ex);
            }
        }
    }

    private sealed class PendingAppend(IReadOnlyList<MeterValueRecord> values)
    {
        public IReadOnlyList<MeterValueRecord> Values { get; } = values;

        // Continuations must not run on the writer loop, or one slow caller would delay the next batch.
        public TaskCompletionSource<int> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
