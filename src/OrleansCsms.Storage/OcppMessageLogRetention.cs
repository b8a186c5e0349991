using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OrleansCsms.Storage;

/// <summary>
/// Deletes message log entries older than MessageLog:RetentionDays, a minute after start and then every hour.
/// Each delete removes at most RetentionBatchSize rows in its own short transaction, so a large backlog never
/// becomes one long lock. Every process with storage sweeps; sweeps running at once share the rows out (see the
/// tables' deletes), so none fails and each row is counted by the one process that deleted it.
/// </summary>
internal sealed partial class OcppMessageLogRetention(
    IStorageEngine engine,
    IOptions<MessageLogOptions> options,
    TimeProvider time,
    ILogger<OcppMessageLogRetention> logger) : IHostedService, IDisposable
{
    public static readonly TimeSpan FirstSweepDelay = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan SweepInterval = TimeSpan.FromHours(1);

    // A tick while a sweep is still running is dropped: the running sweep already covers it.
    private readonly Channel<bool> _due = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private readonly CancellationTokenSource _stopping = new();
    private ITimer? _timer;
    private Task _sweeps = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.RetentionDays == 0)
        {
            LogKeptForever(logger);
            return Task.CompletedTask;
        }

        _sweeps = Task.Run(SweepWhenDueAsync, CancellationToken.None);
        _timer = time.CreateTimer(_ => _due.Writer.TryWrite(true), null, FirstSweepDelay, SweepInterval);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Halt();

        // A sweep stops at its next database round trip; a host out of shutdown time does not wait for it.
        await _sweeps.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>Deletes every entry older than the retention, a batch at a time, and returns how many this call deleted.</summary>
    public async Task<long> SweepAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.RetentionDays == 0)
        {
            return 0;
        }

        var cutoff = time.GetUtcNow() - TimeSpan.FromDays(settings.RetentionDays);
        var (removed, batches) = (0L, 0);
        int deleted;
        do
        {
            deleted = await engine.MessageLog.DeleteOlderThanAsync(cutoff, settings.RetentionBatchSize, cancellationToken).ConfigureAwait(false);
            removed += deleted;
            batches++;
        }
        while (deleted == settings.RetentionBatchSize);

        if (removed > 0)
        {
            LogRemoved(logger, removed, cutoff, batches);
        }
        else
        {
            LogNothingToRemove(logger, cutoff);
        }

        return removed;
    }

    // The host may dispose its services before (or without) stopping them, and stop them more than once, so
    // stopping is idempotent and the token source is cancelled rather than disposed: it holds no timer to release.
    public void Dispose() => Halt();

    private void Halt()
    {
        _timer?.Dispose();
        _due.Writer.TryComplete();
        _stopping.Cancel();
    }

    private async Task SweepWhenDueAsync()
    {
        // Completed by StopAsync; a sweep cut short by stopping leaves the rest for the next one.
        while (await _due.Reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            _due.Reader.TryRead(out _);
            try
            {
                await SweepAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database may be away for a while; the next sweep tries again.
                LogSweepFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "OCPP message log retention removed {Count} entries logged before {Cutoff:u} in {Batches} batches")]
    private static partial void LogRemoved(ILogger logger, long count, DateTimeOffset cutoff, int batches);

    [LoggerMessage(Level = LogLevel.Debug, Message = "OCPP message log retention found no entries logged before {Cutoff:u}")]
    private static partial void LogNothingToRemove(ILogger logger, DateTimeOffset cutoff);

    [LoggerMessage(Level = LogLevel.Information, Message = "OCPP message log entries are kept forever (MessageLog:RetentionDays is 0)")]
    private static partial void LogKeptForever(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "OCPP message log retention failed; it tries again at the next sweep")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
