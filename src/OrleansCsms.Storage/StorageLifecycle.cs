using System.Data.Common;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OrleansCsms.Storage;

/// <summary>
/// Migrates the schema before any hosted service starts (Starting runs ahead of every StartAsync) and drains
/// the message log after all of them have stopped, so their last frames are still written.
/// </summary>
internal sealed class StorageLifecycle(IStorageEngine engine, ILogger<StorageLifecycle> logger, MessageLogMetrics metrics) : IHostedLifecycleService
{
    // Taken here so the message log's instruments exist from the start, before anything asks for them.
    private readonly MessageLogMetrics _metrics = metrics;

    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(2);

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        // A process started before its database waits for it rather than aborting: the order in which
        // an operator's services come up is not ours to choose.
        while (true)
        {
            try
            {
                await engine.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (DbException ex) when (ex.IsTransient && !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("Storage ({Storage}) is not reachable ({Reason}); retrying in {Seconds} s.", engine.Description.Description, ex.Message, RetryInterval.TotalSeconds);
                await Task.Delay(RetryInterval, cancellationToken).ConfigureAwait(false);
            }
        }

        logger.LogInformation("Storage ready: {Storage}.", engine.Description);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        try
        {
            await engine.MessageLog.DrainAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("Shutdown timed out before the OCPP message log was drained; unwritten entries are lost.");
        }
    }
}
