using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Ocpp;

[Collection(CsmsCollection.Name)]
public sealed class ConnectionTests(CsmsHostFixture fixture)
{
    private CsmsHost Host => fixture.Host;

    [Fact]
    public async Task The_ocpp16_subprotocol_is_negotiated_for_a_charge_point_that_prefers_it()
    {
        var id = Fresh.ChargePointId();
        using var socket = await TestChargePoint.OpenAsync(Host.OcppUri(id), id, null, ["ocpp2.1", "ocpp1.6", "ocpp2.0.1"]);

        Assert.Equal("ocpp1.6", socket.SubProtocol);
    }

    [Fact]
    public async Task An_upgrade_offering_no_supported_subprotocol_is_refused()
    {
        var id = Fresh.ChargePointId();

        var refused = await Assert.ThrowsAsync<WebSocketException>(() => TestChargePoint.OpenAsync(Host.OcppUri(id), id, null, ["ocpp1.5"]));

        Assert.Contains("400", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_identity_is_the_percent_decoded_last_path_segment_under_any_prefix()
    {
        var id = $"CP {Guid.NewGuid():N}"[..16];
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, id, prefix: "steve/websocket/CentralSystemService");
        await chargePoint.CallAsync("BootNotification", V16Messages.BootNotification());

        var details = await GetAsync($"/api/charge-points/{Uri.EscapeDataString(id)}");

        Assert.Equal(id, details.GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_new_connection_for_the_same_identity_replaces_the_old_one()
    {
        var id = Fresh.ChargePointId();
        await using var first = await TestChargePoint.ConnectAsync(Host, id);
        await first.CallAsync("Heartbeat", new { });

        await using var second = await TestChargePoint.ConnectAsync(Host, id);

        Assert.Equal(WebSocketCloseStatus.NormalClosure, await first.Closed.WaitAsync(TimeSpan.FromSeconds(15)));
        await second.CallAsync("Heartbeat", new { });
        second.OnServerCall = (_, _) => ServerCallAnswer.Result(new { status = "Accepted" });
        var reset = await Host.Api.PostAsync($"/api/charge-points/{id}/clear-cache", null);
        Assert.True(reset.StatusCode == HttpStatusCode.OK, $"Commands must reach the replacing connection, got {(int)reset.StatusCode}");
        Assert.Single(second.ServerCalls);
        Assert.True((await GetAsync($"/api/charge-points/{id}")).GetProperty("connected").GetBoolean(), "The charge point stays connected through its new socket.");
    }

    [Fact]
    public async Task A_charge_point_that_disconnects_and_reconnects_is_shown_as_such()
    {
        var id = Fresh.ChargePointId();
        var chargePoint = await TestChargePoint.ConnectAsync(Host, id);
        await chargePoint.CallAsync("Heartbeat", new { });
        await chargePoint.DisposeAsync();

        await WaitUntilAsync(async () => !(await GetAsync($"/api/charge-points/{id}")).GetProperty("connected").GetBoolean(), "disconnected");
        await using var again = await TestChargePoint.ConnectAsync(Host, id);
        await again.CallAsync("Heartbeat", new { });

        var details = await GetAsync($"/api/charge-points/{id}");
        Assert.True(details.GetProperty("connected").GetBoolean(), "After reconnecting the charge point is connected again.");
        Assert.NotNull(details.GetProperty("lastHeartbeat").GetString());
    }

    [Fact]
    public async Task Heartbeats_faster_than_the_forward_interval_are_answered_by_the_front_end_and_reach_the_grain_once()
    {
        var id = Fresh.ChargePointId();
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, id);
        await chargePoint.CallAsync("Heartbeat", new { });
        var first = (await GetAsync($"/api/charge-points/{id}")).GetProperty("lastHeartbeat").GetDateTimeOffset();

        var answers = new List<DateTimeOffset>();
        for (var i = 0; i < 5; i++)
        {
            answers.Add((await chargePoint.CallAsync("Heartbeat", new { })).GetProperty("currentTime").GetDateTimeOffset());
        }

        var recorded = (await GetAsync($"/api/charge-points/{id}")).GetProperty("lastHeartbeat").GetDateTimeOffset();
        Assert.True(answers.TrueForAll(answer => answer >= first),
            $"Expected every heartbeat of the flood to be answered with the current time (not before {first:O}), but got {string.Join(", ", answers.Select(a => a.ToString("O")))}.");
        Assert.True(recorded == first,
            $"Expected the grain of {id} to hear of the first heartbeat only, within the 10 s forward interval, but it recorded {recorded:O} after {first:O}.");
    }

    private async Task<JsonElement> GetAsync(string path)
    {
        var response = await Host.Api.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"Expected GET {path} to succeed but got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (!await condition())
        {
            // The socket's end is seen by the server asynchronously; poll its observable state with a deadline.
            await Task.Delay(50, timeout.Token).ContinueWith(t => Assert.False(t.IsCanceled, $"Timed out waiting for the charge point to be {what}."));
        }
    }
}
