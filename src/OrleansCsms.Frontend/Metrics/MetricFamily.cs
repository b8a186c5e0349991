using System.Diagnostics.Metrics;

namespace OrleansCsms.Frontend.Metrics;

/// <summary>
/// Everything one instrument measured, by label set, and how it is exposed: a counter, a gauge or a histogram.
/// Series are looked up by a scan of a copy-on-write array, without locking or allocating; label sets are few.
/// </summary>
internal sealed class MetricFamily
{
    /// <summary>Label sets beyond this fold into one overflow series, so unbounded tag values cannot exhaust memory.</summary>
    public const int MaxSeries = 1000;

    /// <summary>Upper bounds of the histogram buckets, in seconds: sub-millisecond grain turns to ten-second calls.</summary>
    public static readonly double[] BucketBounds = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private static readonly KeyValuePair<string, object?>[] OverflowTags = [new("otel_metric_overflow", "true")];
    private static readonly string[] BucketLabels = [.. BucketBounds.Select(PrometheusTextWriter.FormatValue), "+Inf"];
    private readonly Lock _gate = new();
    private readonly MetricKind _kind;
    private MetricSeries[] _series = [];

    private MetricFamily(string name, string? help, MetricKind kind, bool reportsTotals)
    {
        Name = name;
        Help = help;
        _kind = kind;
        ReportsTotals = reportsTotals;
    }

    public string Name { get; }

    public string? Help { get; }

    /// <summary>Whether measurements are current totals (observable instruments, gauges) rather than increments.</summary>
    public bool ReportsTotals { get; }

    /// <summary>The exposition family of an instrument, or null for a kind of instrument that has none.</summary>
    public static MetricFamily? For(Instrument instrument)
    {
        var definition = instrument.GetType().IsGenericType ? instrument.GetType().GetGenericTypeDefinition() : null;
        var (kind, reportsTotals) = definition switch
        {
            _ when definition == typeof(Counter<>) => (MetricKind.Counter, false),
            _ when definition == typeof(ObservableCounter<>) => (MetricKind.Counter, true),
            _ when definition == typeof(UpDownCounter<>) => (MetricKind.Gauge, false),
            _ when definition == typeof(ObservableUpDownCounter<>) || definition == typeof(ObservableGauge<>) || definition == typeof(Gauge<>) => (MetricKind.Gauge, true),
            _ when definition == typeof(Histogram<>) => (MetricKind.Histogram, false),
            _ => ((MetricKind?)null, false),
        };
        if (kind is not { } known)
        {
            return null;
        }

        var name = PrometheusTextWriter.SanitizeName(instrument.Name);
        if (known == MetricKind.Counter && !name.EndsWith("_total", StringComparison.Ordinal))
        {
            name += "_total";
        }

        return new MetricFamily(name, instrument.Description, known, reportsTotals);
    }

    public bool IsSameKindAs(MetricFamily other) => _kind == other._kind && ReportsTotals == other.ReportsTotals;

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (double.IsNaN(value))
        {
            return;
        }

        var series = Find(tags) ?? AddSeries(tags);
        if (_kind == MetricKind.Histogram)
        {
            series.Observe(value, BucketBounds);
        }
        else if (ReportsTotals)
        {
            series.Set(value);
        }
        else
        {
            series.Add(value);
        }
    }

    /// <summary>Forgets every series; observable instruments are cleared before each observation so vanished sources vanish.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _series = [];
        }
    }

    public void WriteTo(PrometheusTextWriter writer)
    {
        writer.WriteHeader(Name, Help, _kind switch
        {
            MetricKind.Counter => "counter",
            MetricKind.Gauge => "gauge",
            _ => "histogram",
        });
        var series = Volatile.Read(ref _series).ToArray();
        Array.Sort(series, static (a, b) => string.CompareOrdinal(a.Labels, b.Labels));
        foreach (var one in series)
        {
            if (_kind != MetricKind.Histogram)
            {
                writer.WriteSample(Name, one.Labels, one.Value);
                continue;
            }

            // Read the buckets before the sum: under concurrent recording the sum may run slightly ahead, never the count.
            var buckets = one.CumulativeBuckets();
            for (var i = 0; i < buckets.Length; i++)
            {
                writer.WriteSample(Name + "_bucket", one.Labels, buckets[i], BucketLabels[i]);
            }

            writer.WriteSample(Name + "_sum", one.Labels, one.Value);
            writer.WriteSample(Name + "_count", one.Labels, buckets[^1]);
        }
    }

    private MetricSeries? Find(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var series in Volatile.Read(ref _series))
        {
            if (series.Matches(tags))
            {
                return series;
            }
        }

        return null;
    }

    private MetricSeries AddSeries(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        lock (_gate)
        {
            // Another thread may have added it since the lock-free lookup missed.
            if (Find(tags) is { } existing)
            {
                return existing;
            }

            if (_series.Length >= MaxSeries)
            {
                tags = OverflowTags;
                if (Find(tags) is { } overflow)
                {
                    return overflow;
                }
            }

            var added = new MetricSeries(tags.ToArray(), PrometheusTextWriter.RenderLabels(tags), _kind == MetricKind.Histogram ? BucketLabels.Length : 0);
            _series = [.. _series, added];
            return added;
        }
    }

    private enum MetricKind
    {
        Counter,
        Gauge,
        Histogram,
    }
}
