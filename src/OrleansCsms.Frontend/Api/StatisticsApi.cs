using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using OrleansCsms.Frontend.Statistics;
using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Api;

/// <summary>
/// One front-end's figures: open charge point connections and the OCPP calls received from and sent to charge points, by
/// action, since it started (StartedAt). Stale when it has not reported for three periods (it may have crashed).
/// </summary>
public sealed record FrontEndStatisticsResponse(
    string FrontEndId, DateTimeOffset StartedAt, DateTimeOffset ReportedAt, bool Stale, int Connections,
    long CallsReceived, long CallsSent, IReadOnlyDictionary<string, long> CallsReceivedByAction, IReadOnlyDictionary<string, long> CallsSentByAction);

/// <summary>The cluster's transactions as stored: how many there are, how many are in progress and stopped, and the energy (Wh) they delivered.</summary>
public sealed record TransactionStatisticsResponse(long Started, long Active, long Stopped, long EnergyWh);

/// <summary>The front-ends' figures summed, and the transactions of the whole cluster.</summary>
public sealed record ClusterStatisticsTotals(
    int FrontEnds, int Connections, long CallsReceived, long CallsSent,
    IReadOnlyDictionary<string, long> CallsReceivedByAction, IReadOnlyDictionary<string, long> CallsSentByAction);

/// <summary>GET /api/statistics: each front-end's figures, their totals, and the cluster's transactions and energy.</summary>
public sealed record StatisticsResponse(
    DateTimeOffset At, IReadOnlyList<FrontEndStatisticsResponse> FrontEnds, ClusterStatisticsTotals Totals, TransactionStatisticsResponse Transactions);

/// <summary>Statistics across the cluster: front-ends report their counters to a grain; transactions and energy come from storage.</summary>
public static class StatisticsApi
{
    public static IEndpointRouteBuilder MapStatisticsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/statistics", GetAsync)
            .WithName("GetStatistics")
            .WithSummary("Connections and OCPP calls by action per front-end and in total, and the cluster's transactions (started, active, stopped) and energy.")
            .WithTags("Cluster");
        return endpoints;
    }

    public static async Task<Ok<StatisticsResponse>> GetAsync(
        [FromServices] IGrainFactory grains,
        [FromServices] FrontEndCounters counters,
        [FromServices] ICsmsQueries queries,
        [FromServices] IOptions<StatisticsOptions> options,
        [FromServices] TimeProvider time,
        CancellationToken cancellationToken)
    {
        // This front-end's own figures are reported afresh, so what an operator just did here shows at once.
        var cluster = grains.GetGrain<IClusterStatisticsGrain>(0);
        await cluster.ReportAsync(counters.Snapshot());
        var reports = await cluster.GetAsync();
        var totals = await queries.SumTransactionsAsync(cancellationToken);

        var now = time.GetUtcNow();
        var staleBefore = now - (3 * TimeSpan.FromSeconds(options.Value.ReportSeconds));
        var frontEnds = reports.Select(r => new FrontEndStatisticsResponse(
            r.FrontEndId, r.StartedAt, r.ReportedAt, r.ReportedAt < staleBefore, r.Connections,
            r.CallsReceived.Values.Sum(), r.CallsSent.Values.Sum(), Sorted(r.CallsReceived), Sorted(r.CallsSent))).ToList();
        var live = reports.Where(r => r.ReportedAt >= staleBefore).ToList();
        var sums = new ClusterStatisticsTotals(
            live.Count,
            live.Sum(r => r.Connections),
            live.Sum(r => r.CallsReceived.Values.Sum()),
            live.Sum(r => r.CallsSent.Values.Sum()),
            Sum(live.Select(r => r.CallsReceived)),
            Sum(live.Select(r => r.CallsSent)));
        return TypedResults.Ok(new StatisticsResponse(
            now, frontEnds, sums, new TransactionStatisticsResponse(totals.Transactions, totals.Active, totals.Transactions - totals.Active, totals.EnergyWh)));
    }

    private static SortedDictionary<string, long> Sorted(Dictionary<string, long> counts) => new(counts, StringComparer.Ordinal);

    private static SortedDictionary<string, long> Sum(IEnumerable<Dictionary<string, long>> counts)
    {
        var sum = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (action, count) in counts.SelectMany(c => c))
        {
            sum[action] = sum.GetValueOrDefault(action) + count;
        }

        return sum;
    }
}
