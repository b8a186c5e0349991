using System.Globalization;

namespace OrleansCsms.Tests.Metrics;

/// <summary>The samples of one scrape, by series (name and labels exactly as written); an absent series reads as zero.</summary>
public sealed class MetricsScrape(IReadOnlyDictionary<string, double> samples)
{
    public double Value(string series) => samples.GetValueOrDefault(series);

    public static MetricsScrape Parse(string exposition)
    {
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in exposition.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith('#'))
            {
                continue;
            }

            var space = line.LastIndexOf(' ');
            samples[line[..space]] = line[(space + 1)..] switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                var number => double.Parse(number, CultureInfo.InvariantCulture),
            };
        }

        return new MetricsScrape(samples);
    }
}
