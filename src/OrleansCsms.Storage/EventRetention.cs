using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansCsms.Grains;

namespace OrleansCsms.Storage;

/// <summary>
/// Prunes the event outbox to Events:RetentionDays and Events:RetentionMaxCount, a minute after start and then every
/// hour, the oldest events first and at most RetentionBatchSize per delete. Every process with storage prunes; prunes
/// running at once take different rows.
/// </summary>
internal sealed partial class EventRetention(
    IEventOutbox outbox,
    IOptions<EventOptions> options,
    TimeProvider time,
    ILogger<EventRetention> logger) : BackgroundService
{
    public static readonly TimeSpan FirstSweepDelay = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan SweepInterval = TimeSpan.FromHours(1);

    /// <summary>Deletes what the retention settings no longer keep, a batch at a time; returns how many events this call deleted.</summary>
    public async Task<long> SweepAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        DateTimeOffset? cutoff = settings.RetentionDays > 0 ? time.GetUtcNow() - TimeSpan.FromDays(settings.RetentionDays) : null;
        long? keep = settings.RetentionMaxCount > 0 ? settings.RetentionMaxCount : null;
        if (cutoff is null && keep is null)
        {
            return 0;
        }

        var removed = 0L;
        int deleted;
        do
        {
            deleted = await outbox.PruneAsync(cutoff, keep, settings.RetentionBatchSize, cancellationToken).ConfigureAwait(false);
            removed += deleted;
        }
        while (deleted == settings.RetentionBatchSize);

        if (removed > 0)
        {
            LogRemoved(logger, removed);
        }

        return removed;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(FirstSweepDelay, time, stoppingToken).ConfigureAwait(false);
            using var timer = new PeriodicTimer(SweepInterval, time);
            do
            {
                try
                {
                    await SweepAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The database may be away for a while; the next sweep tries again.
                    LogSweepFailed(logger, ex);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Event retention removed {Count} events")]
    private static partial void LogRemoved(ILogger logger, long count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event retention failed; it tries again at the next sweep")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
