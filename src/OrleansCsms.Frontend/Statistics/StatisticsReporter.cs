using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Statistics;

/// <summary>Reports this front-end's counters to the cluster's statistics grain every <see cref="StatisticsOptions.ReportSeconds"/>, and takes them back when it stops.</summary>
internal sealed partial class StatisticsReporter(
    FrontEndCounters counters, IGrainFactory grains, IOptions<StatisticsOptions> options, TimeProvider time, ILogger<StatisticsReporter> logger) : BackgroundService
{
    private IClusterStatisticsGrain Cluster => grains.GetGrain<IClusterStatisticsGrain>(0);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await Cluster.ForgetAsync(counters.Snapshot().FrontEndId).WaitAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException or OperationCanceledException or ObjectDisposedException)
        {
            // The cluster forgets a front-end it no longer hears from anyway.
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.ReportSeconds), time);
        try
        {
            do
            {
                try
                {
                    await Cluster.ReportAsync(counters.Snapshot());
                }
                catch (Exception ex) when (ex is OrleansException or TimeoutException or InvalidOperationException)
                {
                    // The cluster may be starting or failing over; the next report catches up, the counters being totals.
                    LogReportFailed(logger, ex);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "This front-end's statistics could not be reported; the next report will")]
    private static partial void LogReportFailed(ILogger logger, Exception exception);
}
