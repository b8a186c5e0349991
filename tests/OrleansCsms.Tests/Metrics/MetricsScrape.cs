using System.Globalization;
using System.Text.RegularExpressions;

namespace OrleansCsms.Tests.Metrics;

/// <summary>
/// The samples of one scrape. A series is asked for by name and the labels it must carry, in Prometheus' own
/// selector form (<c>name{label="value"}</c>); labels not named (such as the exporter's scope labels) are ignored,
/// and every matching sample is summed. An absent series reads as zero.
/// </summary>
public sealed partial class MetricsScrape(IReadOnlyList<(string Name, IReadOnlyDictionary<string, string> Labels, double Value)> samples)
{
    public double Value(string selector)
    {
        var (name, wanted) = ParseSeries(selector);
        return samples.Where(s => s.Name == name && wanted.All(w => s.Labels.TryGetValue(w.Key, out var v) && v == w.Value)).Sum(s => s.Value);
    }

    public static MetricsScrape Parse(string exposition)
    {
        var samples = new List<(string, IReadOnlyDictionary<string, string>, double)>();
        foreach (var line in exposition.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith('#'))
            {
                continue;
            }

            // A sample line may end with a timestamp after its value.
            var end = line.LastIndexOf('}') is var brace and >= 0 ? brace + 1 : line.IndexOf(' ', StringComparison.Ordinal);
            var (name, labels) = ParseSeries(line[..end]);
            var value = line[end..].Trim().Split(' ')[0] switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                var number => double.Parse(number, CultureInfo.InvariantCulture),
            };
            samples.Add((name, labels, value));
        }

        return new MetricsScrape(samples);
    }

    private static (string Name, IReadOnlyDictionary<string, string> Labels) ParseSeries(string series)
    {
        var open = series.IndexOf('{', StringComparison.Ordinal);
        if (open < 0)
        {
            return (series, new Dictionary<string, string>());
        }

        var labels = Label().Matches(series[open..]).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.Ordinal);
        return (series[..open], labels);
    }

    [GeneratedRegex("""(\w+)="((?:[^"\\]|\\.)*)""")]
    private static partial Regex Label();
}
