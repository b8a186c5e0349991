using Orleans.Concurrency;

namespace OrleansCsms.Grains;

/// <summary>
/// The cluster's view of its front-ends' counters (key: 0): each front-end reports its own periodically, and any front-end
/// reads them all. Held in memory only: counters restart with their front-end, and a lost view fills again with the next reports.
/// </summary>
[Alias("csms.IClusterStatisticsGrain")]
public interface IClusterStatisticsGrain : IGrainWithIntegerKey
{
    /// <summary>Keeps a front-end's latest counters, replacing its previous report.</summary>
    Task ReportAsync(FrontEndStatistics statistics);

    /// <summary>Forgets a front-end that is stopping.</summary>
    Task ForgetAsync(string frontEndId);

    /// <summary>The latest report of every front-end heard from recently, ordered by front-end id.</summary>
    [ReadOnly]
    Task<List<FrontEndStatistics>> GetAsync();
}

/// <summary>One front-end's counters since it started: its open charge point connections and the OCPP calls it carried, by action.</summary>
[GenerateSerializer]
[Alias("csms.FrontEndStatistics")]
[Immutable]
public sealed record FrontEndStatistics(
    string FrontEndId,
    DateTimeOffset StartedAt,
    DateTimeOffset ReportedAt,
    int Connections,
    Dictionary<string, long> CallsReceived,
    Dictionary<string, long> CallsSent);
