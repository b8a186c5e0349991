using System.Diagnostics.Metrics;
using System.Globalization;
using OrleansCsms.Frontend.Metrics;

namespace OrleansCsms.Tests.Metrics;

/// <summary>The text exposition of each kind of instrument, on a meter of the test's own so nothing else shows up.</summary>
public sealed class PrometheusExpositionTests : IDisposable
{
    private const int MetricFamilyLimit = 1000;
    private readonly Meter _meter = new($"OrleansCsms.Tests.{Guid.NewGuid():N}");
    private readonly PrometheusMetricsCollector _collector;

    public PrometheusExpositionTests() => _collector = new PrometheusMetricsCollector(_meter.Name);

    [Fact]
    public void A_counter_renders_one_total_line_per_tag_value()
    {
        var frames = _meter.CreateCounter<long>("test_frames_total", description: "Frames seen.");
        frames.Add(2, new KeyValuePair<string, object?>("message_type", "call"));
        frames.Add(3, new KeyValuePair<string, object?>("message_type", "callresult"));
        frames.Add(1, new KeyValuePair<string, object?>("message_type", "call"));

        AssertExposition("""
            # HELP test_frames_total Frames seen.
            # TYPE test_frames_total counter
            test_frames_total{message_type="call"} 3
            test_frames_total{message_type="callresult"} 3

            """);
    }

    [Fact]
    public void An_up_down_counter_renders_as_a_gauge_that_goes_down_again()
    {
        var open = _meter.CreateUpDownCounter<long>("test_open", description: "Open things.");
        open.Add(1);
        open.Add(1);
        open.Add(-1);

        AssertExposition("""
            # HELP test_open Open things.
            # TYPE test_open gauge
            test_open 1

            """);
    }

    [Fact]
    public void An_observable_gauge_renders_its_current_value_at_each_scrape()
    {
        var current = 7;
        _meter.CreateObservableGauge("test_current", () => current, description: "Current value.");
        _collector.Scrape();
        current = 4;

        AssertExposition("""
            # HELP test_current Current value.
            # TYPE test_current gauge
            test_current 4

            """);
    }

    [Fact]
    public void A_histogram_renders_cumulative_buckets_sum_and_count_per_tag_value()
    {
        var duration = _meter.CreateHistogram<double>("test_duration_seconds", "s", "How long.");
        var ping = new KeyValuePair<string, object?>("action", "Ping");
        duration.Record(0.003, ping);
        duration.Record(0.2, ping);
        duration.Record(30, ping);

        AssertExposition("""
            # HELP test_duration_seconds How long.
            # TYPE test_duration_seconds histogram
            test_duration_seconds_bucket{action="Ping",le="0.0005"} 0
            test_duration_seconds_bucket{action="Ping",le="0.001"} 0
            test_duration_seconds_bucket{action="Ping",le="0.0025"} 0
            test_duration_seconds_bucket{action="Ping",le="0.005"} 1
            test_duration_seconds_bucket{action="Ping",le="0.01"} 1
            test_duration_seconds_bucket{action="Ping",le="0.025"} 1
            test_duration_seconds_bucket{action="Ping",le="0.05"} 1
            test_duration_seconds_bucket{action="Ping",le="0.1"} 1
            test_duration_seconds_bucket{action="Ping",le="0.25"} 2
            test_duration_seconds_bucket{action="Ping",le="0.5"} 2
            test_duration_seconds_bucket{action="Ping",le="1"} 2
            test_duration_seconds_bucket{action="Ping",le="2.5"} 2
            test_duration_seconds_bucket{action="Ping",le="5"} 2
            test_duration_seconds_bucket{action="Ping",le="10"} 2
            test_duration_seconds_bucket{action="Ping",le="+Inf"} 3
            test_duration_seconds_sum{action="Ping"} 30.203
            test_duration_seconds_count{action="Ping"} 3

            """);
    }

    [Fact]
    public void A_value_on_a_bucket_bound_counts_in_that_bucket()
    {
        var duration = _meter.CreateHistogram<double>("test_bound_seconds");
        duration.Record(0.01);

        var text = _collector.Scrape();

        Assert.Contains("test_bound_seconds_bucket{le=\"0.005\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("test_bound_seconds_bucket{le=\"0.01\"} 1\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Label_values_escape_backslashes_quotes_and_line_feeds()
    {
        var counter = _meter.CreateCounter<long>("test_escaped_total", description: "Help with a \\ and a\nline feed.");
        counter.Add(1, new KeyValuePair<string, object?>("value", "a\"b\\c\nd"));

        AssertExposition("""
            # HELP test_escaped_total Help with a \\ and a\nline feed.
            # TYPE test_escaped_total counter
            test_escaped_total{value="a\"b\\c\nd"} 1

            """);
    }

    [Fact]
    public void The_same_tags_in_another_order_are_the_same_series_and_labels_are_sorted()
    {
        var counter = _meter.CreateCounter<int>("test_pairs_total");
        counter.Add(1, new("b", "2"), new("a", "1"));
        counter.Add(1, new("a", "1"), new("b", "2"));

        AssertExposition("""
            # TYPE test_pairs_total counter
            test_pairs_total{a="1",b="2"} 2

            """);
    }

    [Fact]
    public void Names_outside_the_prometheus_alphabet_are_sanitized_and_counters_end_in_total()
    {
        var counter = _meter.CreateCounter<long>("test.requests-made");
        counter.Add(5, new KeyValuePair<string, object?>("http.method", "GET"));

        AssertExposition("""
            # TYPE test_requests_made_total counter
            test_requests_made_total{http_method="GET"} 5

            """);
    }

    [Fact]
    public void Tag_values_beyond_the_series_limit_fold_into_one_overflow_series()
    {
        var counter = _meter.CreateCounter<long>("test_unbounded_total");
        for (var i = 0; i < MetricFamilyLimit + 5; i++)
        {
            counter.Add(1, new KeyValuePair<string, object?>("id", i.ToString("D5", CultureInfo.InvariantCulture)));
        }

        var lines = _collector.Scrape().Split('\n').Where(l => l.StartsWith("test_unbounded_total", StringComparison.Ordinal)).ToArray();

        Assert.True(lines.Length == MetricFamilyLimit + 1, $"Expected {MetricFamilyLimit} series and one overflow series but got {lines.Length}");
        Assert.Contains("test_unbounded_total{otel_metric_overflow=\"true\"} 5", lines);
    }

    [Fact]
    public void Instruments_of_other_meters_are_not_exposed()
    {
        using var other = new Meter($"OrleansCsms.Tests.Other.{Guid.NewGuid():N}");
        other.CreateCounter<long>("test_elsewhere_total").Add(1);

        Assert.Equal("", _collector.Scrape());
    }

    public void Dispose()
    {
        _collector.Dispose();
        _meter.Dispose();
    }

    private void AssertExposition(string expected)
    {
        var actual = _collector.Scrape();
        Assert.True(expected == actual, $"Expected the exposition\n{expected}\nbut got\n{actual}");
    }
}
