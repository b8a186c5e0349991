using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OrleansCsms.Grains;

/// <summary>
/// Wakes the delivery grain of every configured webhook when the silo starts and every half minute after: a grain
/// whose silo was lost comes back on a survivor within that time, and waking one that runs costs one call.
/// </summary>
internal sealed partial class WebhookDeliveryStarter(
    IGrainFactory grains,
    IOptions<EventOptions> options,
    ILogger<WebhookDeliveryStarter> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var webhooks = options.Value.Webhooks;
        if (webhooks.Count == 0)
        {
            return;
        }

        var started = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.WhenAll(webhooks.Select(w => grains.GetGrain<IWebhookDeliveryGrain>(w.Url).StartAsync()));
                started = true;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The silo may still be joining its cluster.
                LogNotStarted(logger, ex);
            }

            try
            {
                await Task.Delay(started ? Interval : FirstRetry, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Webhook delivery could not be started yet; trying again")]
    private static partial void LogNotStarted(ILogger logger, Exception exception);
}
