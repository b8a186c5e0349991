namespace OrleansCsms.Simulator.Tests;

public sealed class LatencyHistogramTests
{
    [Fact]
    public void Percentiles_are_within_the_bucket_precision_of_the_exact_values()
    {
        var histogram = new LatencyHistogram();
        for (var microseconds = 1; microseconds <= 100_000; microseconds++)
        {
            histogram.RecordMicroseconds(microseconds);
        }

        Assert.Equal(100_000, histogram.Count);
        Assert.InRange(histogram.Percentile(50).TotalMicroseconds, 50_000 * 0.984, 50_000 * 1.016);
        Assert.InRange(histogram.Percentile(99).TotalMicroseconds, 99_000 * 0.984, 99_000 * 1.016);
        Assert.Equal(TimeSpan.FromMicroseconds(100_000), histogram.Max);
        Assert.Equal(TimeSpan.FromMicroseconds(100_000), histogram.Percentile(100));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(127)]
    [InlineData(128)]
    [InlineData(1_000_003)]
    [InlineData(long.MaxValue / 4)]
    public void A_value_lands_in_a_bucket_whose_lower_bound_is_at_most_the_value(long microseconds)
    {
        var index = LatencyHistogram.IndexOf(microseconds);

        Assert.InRange(LatencyHistogram.LowerBoundOf(index), 0, microseconds);
    }
}
