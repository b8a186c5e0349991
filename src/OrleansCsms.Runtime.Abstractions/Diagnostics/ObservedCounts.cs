using System.Diagnostics.Metrics;

namespace OrleansCsms.Runtime.Diagnostics;

/// <summary>
/// The sources behind one observable gauge, summed when observed. Sources come and go with the objects that own
/// them (several grain routers live in one test process), and a removed one must not be kept alive by the gauge.
/// </summary>
internal sealed class ObservedCounts
{
    private readonly Lock _gate = new();
    private Func<int>[] _sources = [];

    public IDisposable Add(Func<int> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        lock (_gate)
        {
            _sources = [.. _sources, source];
        }

        return new Registration(this, source);
    }

    /// <summary>No measurement at all while nothing reports, so an absent subsystem does not read as zero.</summary>
    public IEnumerable<Measurement<int>> Observe()
    {
        var sources = Volatile.Read(ref _sources);
        if (sources.Length == 0)
        {
            return [];
        }

        var total = 0;
        foreach (var source in sources)
        {
            total += source();
        }

        return [new Measurement<int>(total)];
    }

    private void Remove(Func<int> source)
    {
        lock (_gate)
        {
            var index = Array.IndexOf(_sources, source);
            if (index >= 0)
            {
                _sources = [.. _sources[..index], .. _sources[(index + 1)..]];
            }
        }
    }

    private sealed class Registration(ObservedCounts owner, Func<int> source) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Remove(source);
            }
        }
    }
}
