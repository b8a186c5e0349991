using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OrleansCsms.Hosting;

/// <summary>
/// Keeps a front-end reachable from the silos. Silos reach the grain observers of a client (the front-end's sockets)
/// only through a gateway the client is connected to, and an Orleans client connects to a gateway only when it sends
/// something. A front-end whose charge points are quiet would stay unreachable after the silos it was connected to
/// died or left, however many others are serving. So as soon as a gateway connection drops, this sends a call, which
/// connects the client to a live gateway; a slow periodic call covers a drop that went unnoticed.
/// </summary>
internal sealed partial class GatewayPresence(IServiceProvider services, ILogger<GatewayPresence> logger) : BackgroundService, IClusterConnectionStatusObserver
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(5);
    private readonly SemaphoreSlim _gatewayLost = new(0, 1);

    public void NotifyGatewayCountChanged(int currentNumberOfGateways, int previousNumberOfGateways, bool connectionRecovered)
    {
        if (currentNumberOfGateways < previousNumberOfGateways)
        {
            Wake();
        }
    }

    public void NotifyClusterConnectionLost() => Wake();

    public override void Dispose()
    {
        _gatewayLost.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Resolved here, not injected: the client's services depend on this observer.
        var grains = services.GetRequiredService<IGrainFactory>();
        var wait = Period;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _gatewayLost.WaitAsync(wait, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                // Any call will do: sending it makes the client pick a live gateway and connect to it.
                await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true, stoppingToken).WaitAsync(CallTimeout, stoppingToken).ConfigureAwait(false);
                wait = Period;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogCallFailed(logger, ex.GetType().Name, ex.Message);
                wait = RetryAfterFailure;
            }
        }
    }

    private void Wake()
    {
        try
        {
            _gatewayLost.Release();
        }
        catch (SemaphoreFullException)
        {
            // A call is already due.
        }
        catch (ObjectDisposedException)
        {
            // Shutting down.
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Presence call to the cluster failed ({Type}: {Reason}); trying again shortly")]
    private static partial void LogCallFailed(ILogger logger, string type, string reason);
}
