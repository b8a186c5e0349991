namespace OrleansCsms.Grains;

/// <summary>The front-ends' latest reports, in memory; one not heard from for <see cref="Forgotten"/> is dropped (it crashed).</summary>
[GrainType(GrainTypes.ClusterStatistics)]
public sealed class ClusterStatisticsGrain(TimeProvider time) : Grain, IClusterStatisticsGrain
{
    internal static readonly TimeSpan Forgotten = TimeSpan.FromHours(1);

    private readonly Dictionary<string, FrontEndStatistics> _reports = new(StringComparer.Ordinal);

    public Task ReportAsync(FrontEndStatistics statistics)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        _reports[statistics.FrontEndId] = statistics;
        return Task.CompletedTask;
    }

    public Task ForgetAsync(string frontEndId)
    {
        _reports.Remove(frontEndId);
        return Task.CompletedTask;
    }

    public Task<List<FrontEndStatistics>> GetAsync()
    {
        var cutoff = time.GetUtcNow() - Forgotten;
        foreach (var gone in _reports.Values.Where(r => r.ReportedAt < cutoff).ToList())
        {
            _reports.Remove(gone.FrontEndId);
        }

        return Task.FromResult(_reports.Values.OrderBy(r => r.FrontEndId, StringComparer.Ordinal).ToList());
    }
}
