using Microsoft.Extensions.Logging.Abstractions;
using OrleansCsms.Grains;

namespace OrleansCsms.Storage.Tests;

/// <summary>The message log's queue, observed through a table that holds the first batch open.</summary>
public sealed class BatchedOcppMessageLogTests
{
    private readonly CancellationToken _cancellation = Deadline.Token();

    [Fact]
    public async Task When_the_queue_is_full_the_oldest_entries_are_dropped_and_counted_instead_of_blocking()
    {
        var table = new GatedTable();
        var log = new BatchedOcppMessageLog(table, MessageLogPolicy.Everything, batchSize: 100, capacity: 10, NullLogger.Instance);
        log.Append(Entry(0));
        await table.FirstBatchStarted.Task.Within("the writer to take the first entry");

        for (var i = 1; i <= 15; i++)
        {
            log.Append(Entry(i));
        }

        Assert.Equal(5, log.DroppedCount);
        var flush = log.FlushAsync(_cancellation);
        Assert.False(flush.IsCompleted, "Expected the flush to wait for the batch still being written.");
        table.ReleaseFirstBatch.SetResult();
        await flush.Within("the flush after the first batch was released");

        Assert.Equal([0, .. Enumerable.Range(6, 10)], table.Written.Select(entry => int.Parse(entry.MessageId, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task A_flush_waits_for_the_entries_queued_before_it()
    {
        var table = new GatedTable();
        var log = new BatchedOcppMessageLog(table, MessageLogPolicy.Everything, batchSize: 2, capacity: 100, NullLogger.Instance);
        log.Append(Entry(0));
        await table.FirstBatchStarted.Task.Within("the writer to take the first entry");
        for (var i = 1; i <= 6; i++)
        {
            log.Append(Entry(i));
        }

        var flush = log.FlushAsync(_cancellation);
        table.ReleaseFirstBatch.SetResult();
        await flush.Within("the flush");

        Assert.Equal(7, table.Written.Count);
    }

    [Fact]
    public async Task Entries_appended_after_the_log_was_drained_are_dropped_without_an_error()
    {
        var table = new GatedTable();
        table.ReleaseFirstBatch.SetResult();
        var log = new BatchedOcppMessageLog(table, MessageLogPolicy.Everything, batchSize: 10, capacity: 10, NullLogger.Instance);
        await log.DrainAsync(_cancellation).Within("the log to drain");

        log.Append(Entry(1));

        Assert.Equal(1, log.DroppedCount);
        await log.FlushAsync(_cancellation).Within("a flush after draining");
    }

    [Fact]
    public async Task A_switched_off_log_queues_nothing()
    {
        var table = new GatedTable();
        table.ReleaseFirstBatch.SetResult();
        var log = new BatchedOcppMessageLog(table, Policy(new MessageLogOptions { Enabled = false }), batchSize: 10, capacity: 10, NullLogger.Instance);

        Assert.False(log.IsLogged("BootNotification"), "Expected a switched-off log to log no action.");
        Assert.False(log.IsLogged(null), "Expected a switched-off log to log no malformed frame either.");
        log.Append(Entry(1));
        await log.FlushAsync(_cancellation).Within("a flush of a switched-off log");

        Assert.Empty(table.Written);
        Assert.Equal(0, log.DroppedCount);
    }

    [Fact]
    public async Task Entries_of_an_excluded_action_are_not_queued_and_others_are()
    {
        var table = new GatedTable();
        table.ReleaseFirstBatch.SetResult();
        var options = new MessageLogOptions();
        options.ExcludeActions.Add("Heartbeat");
        var log = new BatchedOcppMessageLog(table, Policy(options), batchSize: 10, capacity: 10, NullLogger.Instance);

        log.Append(Entry(1));
        log.Append(Entry(2) with { Action = "StatusNotification" });
        await log.FlushAsync(_cancellation).Within("a flush");

        Assert.Equal(["StatusNotification"], table.Written.Select(entry => entry.Action));
    }

    private static MessageLogPolicy Policy(MessageLogOptions options) => MessageLogPolicy.From(options);

    private static OcppMessageLogEntry Entry(int index) =>
        new(DateTimeOffset.UnixEpoch, "CP-1", "In", 2, index.ToString(System.Globalization.CultureInfo.InvariantCulture), "Heartbeat", "[]"u8.ToArray());

    private sealed class GatedTable : IOcppMessageLogTable
    {
        private readonly Lock _gate = new();
        private readonly List<OcppMessageLogEntry> _written = [];
        private bool _started;

        public TaskCompletionSource FirstBatchStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource ReleaseFirstBatch { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IReadOnlyList<OcppMessageLogEntry> Written
        {
            get
            {
                lock (_gate)
                {
                    return [.. _written];
                }
            }
        }

        public async Task WriteAsync(IReadOnlyList<OcppMessageLogEntry> entries, CancellationToken cancellationToken)
        {
            if (!_started)
            {
                _started = true;
                FirstBatchStarted.SetResult();
            }

            await ReleaseFirstBatch.Task;
            lock (_gate)
            {
                _written.AddRange(entries);
            }
        }

        public Task<Page<OcppMessageLogEntry>> ListAsync(string chargePointId, Paging paging, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, int limit, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }
}
