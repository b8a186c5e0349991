using System.Globalization;

namespace OrleansCsms.Benchmarks;

/// <summary>
/// The message log's written and dropped counts, summed over the hosts that serve charge points, from their
/// <c>/metrics</c>. The log sheds entries rather than slow charge points down when its database falls behind, so a
/// rate measured while it drops is a rate at which not everything was logged: the report says how much was not.
/// </summary>
public sealed record MessageLogCounts(double Written, double Dropped)
{
    private const string WrittenSeries = "csms_message_log_written_total";
    private const string DroppedSeries = "csms_message_log_dropped_total";

    public static async Task<MessageLogCounts> ReadAsync(IEnumerable<CsmsHostProcess> hosts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        double written = 0, dropped = 0;
        foreach (var host in hosts)
        {
            // A process that serves no metrics (a silo without them) holds no message log either.
            using var response = await http.GetAsync(new Uri(host.BaseAddress, "/metrics"), cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                continue;
            }

            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            written += Sum(body, WrittenSeries);
            dropped += Sum(body, DroppedSeries);
        }

        return new MessageLogCounts(written, dropped);
    }

    /// <summary>Reports what the log did between <paramref name="before"/> and this reading, for a phase.</summary>
    public void Report(ScenarioResultBuilder result, string prefix, MessageLogCounts before)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(before);
        var written = Written - before.Written;
        var dropped = Dropped - before.Dropped;
        result.Measure($"{prefix}message log entries written", written, "");
        result.Measure($"{prefix}message log entries dropped (the log fell behind)", dropped, "");
        if (written + dropped > 0)
        {
            result.Measure($"{prefix}share of frames the log dropped", dropped / (written + dropped) * 100, "%");
        }
    }

    private static double Sum(string exposition, string series)
    {
        double sum = 0;
        foreach (var line in exposition.Split('\n'))
        {
            // "name value [timestamp]" or "name{labels} value [timestamp]"; comments start with '#'.
            if (!line.StartsWith(series, StringComparison.Ordinal) || (line.Length > series.Length && line[series.Length] is not (' ' or '{')))
            {
                continue;
            }

            var labelsEnd = line.IndexOf('}', StringComparison.Ordinal);
            var value = line[(labelsEnd >= 0 ? labelsEnd + 1 : series.Length)..].Trim().Split(' ')[0];
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
            {
                sum += parsed;
            }
        }

        return sum;
    }
}
