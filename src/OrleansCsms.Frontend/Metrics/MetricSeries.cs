namespace OrleansCsms.Frontend.Metrics;

/// <summary>
/// One time series: a label set and its running value, or for a histogram its bucket counts and sum. Updated
/// with interlocked operations, since every thread that records a measurement writes here directly.
/// </summary>
internal sealed class MetricSeries(KeyValuePair<string, object?>[] tags, string labels, int bucketCount)
{
    private readonly long[] _buckets = new long[bucketCount];
    private double _value;

    public string Labels { get; } = labels;

    /// <summary>A counter's or gauge's value; a histogram's sum of observations.</summary>
    public double Value => Volatile.Read(ref _value);

    /// <summary>Whether this series has exactly these tags, in any order.</summary>
    public bool Matches(ReadOnlySpan<KeyValuePair<string, object?>> other)
    {
        if (other.Length != tags.Length)
        {
            return false;
        }

        foreach (var tag in other)
        {
            if (!Contains(tag))
            {
                return false;
            }
        }

        return true;
    }

    public void Add(double delta)
    {
        var current = Volatile.Read(ref _value);
        while (true)
        {
            var seen = Interlocked.CompareExchange(ref _value, current + delta, current);
            if (seen.Equals(current))
            {
                return;
            }

            current = seen;
        }
    }

    public void Set(double value) => Interlocked.Exchange(ref _value, value);

    /// <summary>Counts <paramref name="value"/> in the first bucket whose upper bound holds it (the last is +Inf) and adds it to the sum.</summary>
    public void Observe(double value, double[] bounds)
    {
        var bucket = 0;
        while (bucket < bounds.Length && value > bounds[bucket])
        {
            bucket++;
        }

        Interlocked.Increment(ref _buckets[bucket]);
        Add(value);
    }

    /// <summary>Cumulative bucket counts, as the exposition format wants them; the last one is the total count.</summary>
    public long[] CumulativeBuckets()
    {
        var cumulative = new long[_buckets.Length];
        var running = 0L;
        for (var i = 0; i < _buckets.Length; i++)
        {
            running += Interlocked.Read(ref _buckets[i]);
            cumulative[i] = running;
        }

        return cumulative;
    }

    private bool Contains(KeyValuePair<string, object?> tag)
    {
        foreach (var own in tags)
        {
            if (string.Equals(own.Key, tag.Key, StringComparison.Ordinal) && Equals(own.Value, tag.Value))
            {
                return true;
            }
        }

        return false;
    }
}
