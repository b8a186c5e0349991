using OrleansCsms.Tests.Infrastructure;
using Xunit.Sdk;

namespace OrleansCsms.Tests.Metrics;

/// <summary>
/// Hosts for the metrics tests, started once every other collection is done: OpenTelemetry's exporter listens to
/// meters by name, process-wide, so another test host stopping meanwhile would take the instruments of the same
/// name with it. In production a process holds one host.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection : ICollectionFixture<CsmsHostFixture>
{
    public const string Name = "Metrics";
}

/// <summary>
/// GET /metrics on a host of its own. Assertions are about an increase of at least what a test caused, never an
/// exact value, and each figure is awaited: the exporter caches a scrape for a moment.
/// </summary>
[Collection(MetricsCollection.Name)]
public sealed class MetricsEndpointTests(CsmsHostFixture fixture)
{
    private const string CallsReceived = "csms_ocpp_frames_received_total{message_type=\"call\"}";
    private const string ResultsSent = "csms_ocpp_frames_sent_total{message_type=\"callresult\"}";
    private const string Connections = "csms_ocpp_connections";
    private const string ChargePointActivations = "orleans_grains{grain_type=\"ChargePoint\"}";
    private const string StateWrites = "orleans_storage_write_latency_milliseconds_count{state_type=\"ChargePointState\"}";
    private const string HeartbeatsAnswered = "csms_ocpp_call_duration_seconds_count{action=\"Heartbeat\"}";
    private const string LogEntriesWritten = "csms_message_log_written_total";
    private const string LogEntriesDropped = "csms_message_log_dropped_total";
    private const int Heartbeats = 3;

    private CsmsHost Host => fixture.Host;

    [Fact]
    public async Task Metrics_are_served_in_the_prometheus_text_format()
    {
        using var response = await Host.Api.GetAsync("/metrics");
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.IsSuccessStatusCode, $"Expected GET /metrics to succeed but got {(int)response.StatusCode}: {body}");
        Assert.StartsWith("text/plain; version=0.0.4", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        Assert.Contains("# TYPE csms_ocpp_connections gauge\n", body, StringComparison.Ordinal);
        Assert.Contains("# TYPE csms_ocpp_call_duration_seconds histogram\n", body, StringComparison.Ordinal);
        Assert.Contains("# TYPE orleans_grains gauge\n", body, StringComparison.Ordinal);
        Assert.True(MetricsScrape.Parse(body).Value("process_memory_usage_bytes") > 0, $"Expected a positive process_memory_usage_bytes in:\n{body}");
    }

    [Fact]
    public async Task Heartbeats_raise_frame_and_connection_metrics_and_Orleans_counts_the_grain()
    {
        var before = await ScrapeAsync();
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        for (var i = 0; i < Heartbeats; i++)
        {
            await chargePoint.CallAsync("Heartbeat", new { });
        }

        // The exporter caches a scrape for a moment, and an answer reaches the charge point before the connection
        // records having sent it: each figure is awaited until it shows what this test did.
        await WaitUntilRisenAsync(before, CallsReceived, Heartbeats);
        await WaitUntilRisenAsync(before, StateWrites, 1);
        await WaitUntilAtLeastAsync(Connections, 1);
        await WaitUntilAtLeastAsync(ChargePointActivations, 1);
        await WaitUntilRisenAsync(before, ResultsSent, Heartbeats);
        await WaitUntilRisenAsync(before, HeartbeatsAnswered, Heartbeats);
    }

    [Fact]
    public async Task The_message_log_counts_the_frames_it_writes_and_drops_none_under_light_load()
    {
        var before = await ScrapeAsync();
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        for (var i = 0; i < Heartbeats; i++)
        {
            await chargePoint.CallAsync("Heartbeat", new { });
        }

        // Each heartbeat is two frames in the log: the call and its answer.
        await WaitUntilRisenAsync(before, LogEntriesWritten, 2 * Heartbeats);
        var after = await ScrapeAsync();
        Assert.True(
            after.Value(LogEntriesDropped) == before.Value(LogEntriesDropped),
            $"Expected no message log entries dropped under light load, but {LogEntriesDropped} went from {before.Value(LogEntriesDropped)} to {after.Value(LogEntriesDropped)}");
    }

    private async Task<MetricsScrape> ScrapeAsync()
    {
        using var response = await Host.Api.GetAsync("/metrics");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"Expected GET /metrics to succeed but got {(int)response.StatusCode}: {body}");
        return MetricsScrape.Parse(body);
    }

    private Task WaitUntilRisenAsync(MetricsScrape before, string series, int atLeast) =>
        WaitUntilAsync(series, value => value - before.Value(series) >= atLeast, $"rise by at least {atLeast} from {before.Value(series)}");

    private Task WaitUntilAtLeastAsync(string series, int atLeast) =>
        WaitUntilAsync(series, value => value >= atLeast, $"be at least {atLeast} while a charge point is connected");

    private async Task WaitUntilAsync(string series, Func<double, bool> done, string expectation)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        var now = await ScrapeAsync();
        while (!done(now.Value(series)))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new XunitException($"Timed out waiting for {series} to {expectation}: it is {now.Value(series)}");
            }

            await Task.Delay(50);
            now = await ScrapeAsync();
        }
    }
}
