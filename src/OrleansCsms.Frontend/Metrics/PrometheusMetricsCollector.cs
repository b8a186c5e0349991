using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;

namespace OrleansCsms.Frontend.Metrics;

/// <summary>
/// Listens to the instruments of the given meters from construction on and renders what they measured in the
/// Prometheus text format. Instruments are process-wide, so every measurement in the process is counted here,
/// whichever host it came from; measurements made before construction are not.
/// </summary>
public sealed class PrometheusMetricsCollector : IDisposable
{
    /// <summary>The content type of the Prometheus text exposition format this collector writes.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly HashSet<string> _meterNames;
    private readonly ConcurrentDictionary<string, MetricFamily> _families = new(StringComparer.Ordinal);
    private readonly MeterListener _listener;
    private readonly Lock _scrapeGate = new();

    public PrometheusMetricsCollector(params IEnumerable<string> meterNames)
    {
        _meterNames = new HashSet<string>(meterNames, StringComparer.Ordinal);
        _listener = new MeterListener { InstrumentPublished = OnInstrumentPublished };
        _listener.SetMeasurementEventCallback<byte>(static (_, value, tags, family) => ((MetricFamily)family!).Record(value, tags));
        _listener.SetMeasurementEventCallback<short>(static (_, value, tags, family) => ((MetricFamily)family!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, value, tags, family) => ((MetricFamily)family!).Record(value, tags));
        _listener.SetMeasurementEventCallback<long>(static (_, value, tags, family) => ((MetricFamily)family!).Record(value, tags));
        _listener.SetMeasurementEventCallback<float>(static (_, value, tags, family) => ((MetricFamily)family!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>(static (_, value, tags, family) => ((MetricFamily)family!).Record(value, tags));
        _listener.SetMeasurementEventCallback<decimal>(static (_, value, tags, family) => ((MetricFamily)family!).Record((double)value, tags));
        _listener.Start();
    }

    /// <summary>Observes the observable instruments and returns the whole exposition.</summary>
    public string Scrape()
    {
        var text = new StringBuilder();
        WriteTo(text);
        return text.ToString();
    }

    /// <summary>Observes the observable instruments and appends every family, sorted by name, to <paramref name="text"/>.</summary>
    public void WriteTo(StringBuilder text)
    {
        var writer = new PrometheusTextWriter(text);

        // One scrape at a time: observable families are cleared and refilled, and a concurrent scrape would see them empty.
        lock (_scrapeGate)
        {
            foreach (var family in _families.Values.Where(f => f.ReportsTotals))
            {
                family.Clear();
            }

            _listener.RecordObservableInstruments();
            foreach (var family in _families.Values.OrderBy(f => f.Name, StringComparer.Ordinal))
            {
                family.WriteTo(writer);
            }
        }
    }

    public void Dispose() => _listener.Dispose();

    private void OnInstrumentPublished(Instrument instrument, MeterListener listener)
    {
        if (!_meterNames.Contains(instrument.Meter.Name) || MetricFamily.For(instrument) is not { } candidate)
        {
            return;
        }

        // Two instruments of one name (one meter created twice) share a family; a clash of kinds would make the
        // exposition invalid, so the later instrument is left out.
        var family = _families.GetOrAdd(candidate.Name, candidate);
        if (family.IsSameKindAs(candidate))
        {
            listener.EnableMeasurementEvents(instrument, family);
        }
    }
}
