using OrleansCsms.Tests.Infrastructure;
using Xunit.Sdk;

namespace OrleansCsms.Tests.Metrics;

/// <summary>
/// GET /metrics on the shared host. Other tests run against the same process at the same time, so every
/// assertion is about an increase of at least what this test caused, never an exact value.
/// </summary>
[Collection(CsmsCollection.Name)]
public sealed class MetricsEndpointTests(CsmsHostFixture fixture)
{
    private const string CallsReceived = "csms_ocpp_frames_received_total{message_type=\"call\"}";
    private const string ResultsSent = "csms_ocpp_frames_sent_total{message_type=\"callresult\"}";
    private const string Connections = "csms_ocpp_connections";
    private const string ChargePointTurns = "csms_grain_turn_duration_seconds_count{grain_type=\"ChargePoint\"}";
    private const string ChargePointCalls = "csms_grain_calls_total{grain_type=\"ChargePoint\"}";
    private const string HeartbeatsAnswered = "csms_ocpp_call_duration_seconds_count{action=\"Heartbeat\"}";
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
        Assert.Contains("# TYPE csms_grain_turn_duration_seconds histogram\n", body, StringComparison.Ordinal);
        Assert.True(MetricsScrape.Parse(body).Value("process_resident_memory_bytes") > 0, $"Expected a positive process_resident_memory_bytes in:\n{body}");
    }

    [Fact]
    public async Task Heartbeats_raise_frame_connection_and_grain_turn_metrics()
    {
        var before = await ScrapeAsync();
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        for (var i = 0; i < Heartbeats; i++)
        {
            await chargePoint.CallAsync("Heartbeat", new { });
        }

        var during = await ScrapeAsync();

        AssertRose(before, during, CallsReceived, Heartbeats);
        AssertRose(before, during, ChargePointTurns, Heartbeats);
        AssertRose(before, during, ChargePointCalls, Heartbeats);
        Assert.True(during.Value(Connections) >= 1, $"Expected {Connections} to be at least 1 while a charge point is connected, got {during.Value(Connections)}");
        Assert.True(during.Value("csms_grain_activations") >= 1, "Expected csms_grain_activations to count the charge point's activation");

        // The answer reaches the charge point before the connection records having sent it, so these may lag a moment.
        await WaitUntilRisenAsync(before, ResultsSent, Heartbeats);
        await WaitUntilRisenAsync(before, HeartbeatsAnswered, Heartbeats);
    }

    private async Task<MetricsScrape> ScrapeAsync()
    {
        using var response = await Host.Api.GetAsync("/metrics");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"Expected GET /metrics to succeed but got {(int)response.StatusCode}: {body}");
        return MetricsScrape.Parse(body);
    }

    private static void AssertRose(MetricsScrape before, MetricsScrape after, string series, int atLeast) =>
        Assert.True(after.Value(series) - before.Value(series) >= atLeast,
            $"Expected {series} to rise by at least {atLeast}, but it went from {before.Value(series)} to {after.Value(series)}");

    private async Task WaitUntilRisenAsync(MetricsScrape before, string series, int atLeast)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        var now = await ScrapeAsync();
        while (now.Value(series) - before.Value(series) < atLeast)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new XunitException($"Timed out waiting for {series} to rise by at least {atLeast}: it went from {before.Value(series)} to {now.Value(series)}");
            }

            await Task.Delay(50);
            now = await ScrapeAsync();
        }
    }
}
