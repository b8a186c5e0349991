using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Overview;

/// <summary>
/// The other front-ends' message rates, each from the rise of its counters between its two latest reports to the
/// statistics grain. A front-end reports every few seconds, so its rate is kept from one report to the next rather
/// than read as zero between them; one that restarted (a new start time) begins again.
/// </summary>
internal sealed class ClusterMessageRate
{
    private readonly Dictionary<string, FrontEndRate> _rates = new(StringComparer.Ordinal);

    public double OthersPerSecond(IReadOnlyList<FrontEndStatistics> reports, string ownFrontEndId, DateTimeOffset staleBefore)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var total = 0.0;
        var heard = new HashSet<string>(StringComparer.Ordinal);
        foreach (var report in reports.Where(r => r.FrontEndId != ownFrontEndId && r.ReportedAt >= staleBefore))
        {
            heard.Add(report.FrontEndId);
            var messages = report.CallsReceived.Values.Sum() + report.CallsSent.Values.Sum();
            var rate = _rates.GetValueOrDefault(report.FrontEndId);
            if (rate is null || rate.StartedAt != report.StartedAt)
            {
                rate = new FrontEndRate(report.StartedAt, report.ReportedAt, messages, 0);
            }
            else if (report.ReportedAt > rate.ReportedAt)
            {
                rate = rate with
                {
                    ReportedAt = report.ReportedAt,
                    Messages = messages,
                    PerSecond = Math.Max(0, messages - rate.Messages) / (report.ReportedAt - rate.ReportedAt).TotalSeconds,
                };
            }

            _rates[report.FrontEndId] = rate;
            total += rate.PerSecond;
        }

        foreach (var gone in _rates.Keys.Where(id => !heard.Contains(id)).ToList())
        {
            _rates.Remove(gone);
        }

        return total;
    }

    private sealed record FrontEndRate(DateTimeOffset StartedAt, DateTimeOffset ReportedAt, long Messages, double PerSecond);
}
