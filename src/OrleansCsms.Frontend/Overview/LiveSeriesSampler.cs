using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansCsms.Frontend.Statistics;
using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Overview;

/// <summary>
/// Every <see cref="ConsoleDataOptions.SampleSeconds"/>, adds a sample to the live series: this front-end's message
/// rate from its own counters, the cluster's from the front-ends' reports to the statistics grain, and the power of
/// the running sessions from their grains (whose latest readings are fresher than what they last stored).
/// </summary>
internal sealed partial class LiveSeriesSampler(
    LiveSeries series,
    FrontEndCounters counters,
    IGrainFactory grains,
    ICsmsQueries queries,
    IOptions<ConsoleDataOptions> options,
    IOptions<StatisticsOptions> statistics,
    TimeProvider time,
    ILogger<LiveSeriesSampler> logger) : BackgroundService
{
    private const int RunningChunk = 500;

    private readonly SessionPower _power = new();
    private readonly ClusterMessageRate _clusterRate = new();
    private (long Messages, DateTimeOffset At)? _previous;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = TimeSpan.FromSeconds(options.Value.SampleSeconds);
        var keep = TimeSpan.FromMinutes(options.Value.SeriesMinutes);
        using var timer = new PeriodicTimer(period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    series.Add(await SampleAsync(stoppingToken), keep);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // The cluster or storage may be starting or failing over, or a sample may fail for a reason of its
                    // own: the series has a gap and the next sample carries on; a chart never stops the front-end.
                    LogSampleFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task<LiveSample> SampleAsync(CancellationToken cancellationToken)
    {
        var snapshot = counters.Snapshot();
        var messages = snapshot.CallsReceived.Values.Sum() + snapshot.CallsSent.Values.Sum();
        var now = snapshot.ReportedAt;
        var ownRate = _previous is { } previous && now > previous.At ? Math.Max(0, messages - previous.Messages) / (now - previous.At).TotalSeconds : 0;
        _previous = (messages, now);

        var staleBefore = now - (3 * TimeSpan.FromSeconds(statistics.Value.ReportSeconds));
        var reports = await grains.GetGrain<IClusterStatisticsGrain>(0).GetAsync();
        var othersRate = _clusterRate.OthersPerSecond(reports, snapshot.FrontEndId, staleBefore);

        var running = await RunningTransactionsAsync(cancellationToken);
        return new LiveSample(now, Math.Round(ownRate, 3), Math.Round(ownRate + othersRate, 3), Math.Round(_power.TotalKw(running), 3), running.Count);
    }

    /// <summary>The sessions running in the cluster as their grains hold them now: found in storage, read from the grains.</summary>
    private async Task<List<TransactionState>> RunningTransactionsAsync(CancellationToken cancellationToken)
    {
        var running = new List<TransactionState>();
        var query = new TransactionQuery(Active: true, PageSize: RunningChunk, CountTotal: false);
        while (true)
        {
            var chunk = await queries.ListTransactionsAsync(query, cancellationToken);
            var fresh = await Task.WhenAll(chunk.Items.Select(t => grains.GetGrain<ITransactionGrain>(t.TransactionId).GetAsync()));
            running.AddRange(fresh.OfType<TransactionState>().Where(t => t.Active));
            if (chunk.Items.Count < RunningChunk)
            {
                return running;
            }

            query = query with { BeforeTransactionId = chunk.Items[^1].TransactionId };
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "A sample of the live series could not be taken; the next one will")]
    private static partial void LogSampleFailed(ILogger logger, Exception exception);
}
