using System.Numerics;

namespace OrleansCsms.Simulator;

/// <summary>
/// A lock-free log-linear histogram of durations in microseconds: exact below 128 µs, then 64 buckets per power
/// of two, so any percentile is within 1.6% of the true value, for durations of up to weeks.
/// </summary>
public sealed class LatencyHistogram
{
    private const int LinearLimit = 128;
    private const int SubBuckets = 64;
    private const int MaxExponent = 34;
    private const int BucketCount = LinearLimit + (MaxExponent * SubBuckets);

    private readonly long[] _buckets = new long[BucketCount];
    private long _count;
    private long _sumMicroseconds;
    private long _maxMicroseconds;

    public long Count => Interlocked.Read(ref _count);

    public void Record(TimeSpan duration) => RecordMicroseconds((long)duration.TotalMicroseconds);

    public void RecordMicroseconds(long microseconds)
    {
        microseconds = Math.Max(0, microseconds);
        Interlocked.Increment(ref _buckets[IndexOf(microseconds)]);
        Interlocked.Increment(ref _count);
        Interlocked.Add(ref _sumMicroseconds, microseconds);
        var max = Interlocked.Read(ref _maxMicroseconds);
        while (microseconds > max)
        {
            var seen = Interlocked.CompareExchange(ref _maxMicroseconds, microseconds, max);
            if (seen == max)
            {
                break;
            }

            max = seen;
        }
    }

    /// <summary>Adds every recording of <paramref name="other"/> to this histogram.</summary>
    public void Add(LatencyHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (var i = 0; i < BucketCount; i++)
        {
            var count = Interlocked.Read(ref other._buckets[i]);
            if (count != 0)
            {
                Interlocked.Add(ref _buckets[i], count);
            }
        }

        Interlocked.Add(ref _count, other.Count);
        Interlocked.Add(ref _sumMicroseconds, Interlocked.Read(ref other._sumMicroseconds));
        var otherMax = Interlocked.Read(ref other._maxMicroseconds);
        if (otherMax > Interlocked.Read(ref _maxMicroseconds))
        {
            Interlocked.Exchange(ref _maxMicroseconds, otherMax);
        }
    }

    /// <summary>The value at or below which <paramref name="percentile"/> percent of recordings fall; zero when empty.</summary>
    public TimeSpan Percentile(double percentile)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(percentile);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percentile, 100);
        var count = Count;
        if (count == 0)
        {
            return TimeSpan.Zero;
        }

        if (percentile >= 100)
        {
            return Max;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(percentile / 100 * count));
        long seen = 0;
        for (var i = 0; i < BucketCount; i++)
        {
            seen += Interlocked.Read(ref _buckets[i]);
            if (seen >= rank)
            {
                // Never report more than was seen: the top bucket can be wider than the largest value in it.
                return TimeSpan.FromMicroseconds(Math.Min(MidpointOf(i), Interlocked.Read(ref _maxMicroseconds)));
            }
        }

        return Max;
    }

    public TimeSpan Max => TimeSpan.FromMicroseconds(Interlocked.Read(ref _maxMicroseconds));

    public TimeSpan Mean => Count == 0 ? TimeSpan.Zero : TimeSpan.FromMicroseconds((double)Interlocked.Read(ref _sumMicroseconds) / Count);

    public LatencySummary Summarize() => new(Count, Percentile(50), Percentile(90), Percentile(99), Max, Mean);

    internal static int IndexOf(long microseconds)
    {
        if (microseconds < LinearLimit)
        {
            return (int)microseconds;
        }

        // The top 7 bits of the value choose the sub-bucket; everything below them is rounded away.
        var shift = Math.Min(63 - BitOperations.LeadingZeroCount((ulong)microseconds) - 6, MaxExponent);
        var top = Math.Min(microseconds >> shift, (2 * SubBuckets) - 1);
        return LinearLimit + ((shift - 1) * SubBuckets) + (int)(top - SubBuckets);
    }

    internal static long LowerBoundOf(int index)
    {
        if (index < LinearLimit)
        {
            return index;
        }

        var shift = ((index - LinearLimit) / SubBuckets) + 1;
        var top = ((index - LinearLimit) % SubBuckets) + SubBuckets;
        return (long)top << shift;
    }

    private static long MidpointOf(int index) =>
        index < LinearLimit ? index : LowerBoundOf(index) + ((1L << (((index - LinearLimit) / SubBuckets) + 1)) / 2);
}

/// <summary>Percentiles of one histogram at one moment.</summary>
public sealed record LatencySummary(long Count, TimeSpan P50, TimeSpan P90, TimeSpan P99, TimeSpan Max, TimeSpan Mean);
