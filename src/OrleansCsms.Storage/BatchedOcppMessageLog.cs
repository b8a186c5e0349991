using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using OrleansCsms.Grains;

namespace OrleansCsms.Storage;

/// <summary>An engine's ocpp_messages table.</summary>
internal interface IOcppMessageLogTable
{
    /// <summary>Writes the entries in one batch.</summary>
    Task WriteAsync(IReadOnlyList<OcppMessageLogEntry> entries, CancellationToken cancellationToken);

    Task<Page<OcppMessageLogEntry>> ListAsync(string chargePointId, Paging paging, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes at most <paramref name="limit"/> entries logged before <paramref name="cutoff"/>, in one short
    /// transaction, and returns how many it deleted. Deleting rows another process has just deleted is not an error.
    /// </summary>
    Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, int limit, CancellationToken cancellationToken);
}

/// <summary>
/// The message log sits on the protocol path, so appending never waits for the database: entries go into a
/// bounded queue drained by one background writer. When the database falls behind, the oldest entries are
/// dropped (and counted) rather than letting the log slow down or block charge point traffic.
/// </summary>
internal sealed class BatchedOcppMessageLog : IOcppMessageLog
{
    private static readonly TimeSpan[] RetryDelays = [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(2)];

    private readonly IOcppMessageLogTable _table;
    private readonly MessageLogPolicy _policy;
    private readonly int _batchSize;
    private readonly ILogger _logger;
    private readonly Channel<OcppMessageLogEntry> _queue;
    private readonly CancellationTokenSource _abort = new();
    private readonly Lock _gate = new();
    private readonly List<(long Target, TaskCompletionSource Done)> _flushWaiters = [];
    private readonly Task _writer;

    // Entries leave the queue in order, either written or dropped; once `_settled` reaches the count that
    // was appended when a flush began, everything that flush waits for is out of the queue for good.
    private long _appended;
    private long _settled;
    private long _droppedSinceSettle;
    private long _dropped;
    private long _written;

    public BatchedOcppMessageLog(IOcppMessageLogTable table, MessageLogPolicy policy, int batchSize, int capacity, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _table = table;
        _policy = policy;
        _batchSize = batchSize;
        _logger = logger;
        _queue = Channel.CreateBounded<OcppMessageLogEntry>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            OnDropped);
        _writer = Task.Run(WriteBatchesAsync);
    }

    /// <summary>Entries lost so far because the queue was full, the log was stopped, or the database refused them.</summary>
    public long DroppedCount => Interlocked.Read(ref _dropped);

    /// <summary>Entries written to the database so far.</summary>
    public long WrittenCount => Interlocked.Read(ref _written);

    /// <summary>Entries waiting in the queue.</summary>
    public int QueuedCount => _queue.Reader.Count;

    public bool IsLogged(string? action) => _policy.Logs(action);

    public void Append(OcppMessageLogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (!_policy.Logs(entry.Action))
        {
            return;
        }

        // The lock makes the appended count and the queue order agree, which FlushAsync relies on; it is held
        // only for an in-memory enqueue.
        lock (_gate)
        {
            _appended++;
            if (!_queue.Writer.TryWrite(entry))
            {
                _settled++;
                CountDropped(1, "the message log is stopped");
            }
        }
    }

    public Task FlushAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_settled >= _appended)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _flushWaiters.Add((_appended, done));
            return done.Task.WaitAsync(cancellationToken);
        }
    }

    public Task<Page<OcppMessageLogEntry>> ListAsync(string chargePointId, int page, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(chargePointId);
        return _table.ListAsync(chargePointId, Paging.Of(page, pageSize), cancellationToken);
    }

    /// <inheritdoc cref="IOcppMessageLogTable.DeleteOlderThanAsync"/>
    public Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, int limit, CancellationToken cancellationToken) =>
        _table.DeleteOlderThanAsync(cutoff, limit, cancellationToken);

    /// <summary>Stops taking entries and waits until the queued ones are written.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops taking entries and gives up on the queued ones, for disposal without waiting.</summary>
    public void Abort()
    {
        _queue.Writer.TryComplete();
        _abort.Cancel();
    }

    private void OnDropped(OcppMessageLogEntry entry)
    {
        // Called inside TryWrite, under _gate: settled once the writer has committed what it read before.
        _droppedSinceSettle++;
        CountDropped(1, "the queue is full");
    }

    private void CountDropped(long count, string reason)
    {
        var total = Interlocked.Add(ref _dropped, count);
        if (total - count == 0 || total / 10_000 != (total - count) / 10_000)
        {
            _logger.LogWarning("Dropped {Count} OCPP message log entries because {Reason}; {Total} dropped since start.", count, reason, total);
        }
    }

    private async Task WriteBatchesAsync()
    {
        var batch = new List<OcppMessageLogEntry>(_batchSize);
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < _batchSize && reader.TryRead(out var entry))
            {
                batch.Add(entry);
            }

            if (await TryWriteAsync(batch).ConfigureAwait(false))
            {
                Interlocked.Add(ref _written, batch.Count);
            }
            else
            {
                CountDropped(batch.Count, "the database refused them");
            }

            Settle(batch.Count);
        }

        Settle(0);
    }

    private async Task<bool> TryWriteAsync(List<OcppMessageLogEntry> batch)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await _table.WriteAsync(batch, _abort.Token).ConfigureAwait(false);
                return true;
            }
            catch (Exception ex) when (!_abort.IsCancellationRequested && attempt < RetryDelays.Length)
            {
                _logger.LogWarning(ex, "Writing {Count} OCPP message log entries failed; retrying.", batch.Count);
                try
                {
                    await Task.Delay(RetryDelays[attempt], _abort.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return false;
                }
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "Writing {Count} OCPP message log entries failed; they are lost.", batch.Count);
                return false;
            }
        }
    }

    private void Settle(int written)
    {
        lock (_gate)
        {
            _settled += written + _droppedSinceSettle;
            _droppedSinceSettle = 0;
            for (var i = _flushWaiters.Count - 1; i >= 0; i--)
            {
                if (_flushWaiters[i].Target <= _settled)
                {
                    _flushWaiters[i].Done.TrySetResult();
                    _flushWaiters.RemoveAt(i);
                }
            }
        }
    }
}
