namespace OrleansCsms.Simulator;

/// <summary>What a simulation measured, in a shape fit for printing and for JSON.</summary>
public sealed record SimulationReport(
    double ElapsedSeconds,
    int ChargePoints,
    int Connected,
    int PeakConnected,
    int Accepted,
    long ConnectAttempts,
    long ConnectFailures,
    long Disconnects,
    long Messages,
    double MessagesPerSecond,
    long TransactionsCompleted,
    long QueuedTransactionMessages,
    LatencyReport Overall,
    IReadOnlyList<ActionReport> Actions,
    IReadOnlyDictionary<string, long> Errors,
    IReadOnlyDictionary<string, long> ServerCalls)
{
    public long TotalErrors => Errors.Values.Sum();

    public static SimulationReport From(SimulationMetrics metrics, int chargePoints)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var elapsed = metrics.Elapsed.TotalSeconds;
        var actions = metrics.Actions
            .OrderByDescending(a => a.Value.Sent)
            .Select(a => new ActionReport(a.Key, a.Value.Sent, a.Value.Answered, a.Value.Failed, elapsed > 0 ? a.Value.Sent / elapsed : 0, LatencyReport.From(a.Value.Latency)))
            .ToList();
        return new SimulationReport(
            elapsed,
            chargePoints,
            metrics.Connected,
            metrics.PeakConnected,
            metrics.Accepted,
            metrics.ConnectAttempts,
            metrics.ConnectFailures,
            metrics.Disconnects,
            metrics.Messages,
            elapsed > 0 ? metrics.Messages / elapsed : 0,
            metrics.TransactionsCompleted,
            metrics.QueuedTransactionMessages,
            LatencyReport.From(metrics.CombinedLatency()),
            actions,
            metrics.Errors.OrderByDescending(e => e.Value).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal),
            metrics.ServerCalls.OrderBy(c => c.Key, StringComparer.Ordinal).ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal));
    }
}

/// <summary>One action's calls: how many, how many answered with a CALLRESULT, and their latencies.</summary>
public sealed record ActionReport(string Action, long Sent, long Answered, long Failed, double PerSecond, LatencyReport Latency);

/// <summary>Latency percentiles in milliseconds.</summary>
public sealed record LatencyReport(long Count, double P50Ms, double P90Ms, double P99Ms, double MaxMs, double MeanMs)
{
    public static LatencyReport From(LatencyHistogram histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        var summary = histogram.Summarize();
        return new LatencyReport(
            summary.Count,
            summary.P50.TotalMilliseconds,
            summary.P90.TotalMilliseconds,
            summary.P99.TotalMilliseconds,
            summary.Max.TotalMilliseconds,
            summary.Mean.TotalMilliseconds);
    }
}
