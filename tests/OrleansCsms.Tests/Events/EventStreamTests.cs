using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansCsms.Tests.Api;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Events;

/// <summary>GET /api/events: a simulated charge point's life as server-sent events over a real connection, resumed after a disconnect.</summary>
[Collection(CsmsCollection.Name)]
public sealed class EventStreamTests(CsmsHostFixture fixture)
{
    private CsmsHost Host => fixture.Host;

    [Fact]
    public async Task A_charge_point_connecting_booting_charging_and_leaving_streams_its_events_in_order()
    {
        var id = Fresh.ChargePointId();
        await using var stream = await EventStreamReader.OpenAsync(Host, $"/api/events?chargePointId={id}");
        var started = DateTimeOffset.UtcNow;
        int transactionId;
        await using (var chargePoint = await TestChargePoint.ConnectAsync(Host, id))
        {
            await chargePoint.CallAsync("BootNotification", V16Messages.BootNotification());
            await chargePoint.CallAsync("StatusNotification", V16Messages.StatusNotification(1, "Available"));
            await chargePoint.CallAsync("StatusNotification", V16Messages.StatusNotification(1, "Available"));
            var start = await chargePoint.CallAsync("StartTransaction", V16Messages.StartTransaction(Fresh.IdTag(), 1_000, started));
            transactionId = start.GetProperty("transactionId").GetInt32();
            await chargePoint.CallAsync("MeterValues", V16Messages.MeterValues(transactionId, started.AddMinutes(1), 1_750));
            await chargePoint.CallAsync("StopTransaction", V16Messages.StopTransaction(transactionId, 2_500, started.AddMinutes(2)));
        }

        var events = await stream.UntilAsync("Disconnected");

        Assert.Equal(
            ["Connected", "Booted", "StatusChanged", "TransactionStarted", "TransactionUpdated", "TransactionStopped", "Disconnected"],
            events.Select(e => e.Type));
        Assert.True(events.TrueForAll(e => e.Data.GetProperty("chargePointId").GetString() == id), "Expected only the filtered charge point's events.");
        Assert.Equal(Enumerable.Range(1, events.Count).Select(n => (long)n), events.Select(e => e.Sequence));
        Assert.True(events.Zip(events.Skip(1)).All(pair => pair.First.Id < pair.Second.Id), $"Expected ids to grow: {string.Join(", ", events.Select(e => e.Id))}");
        Assert.True(events.TrueForAll(e => e.Data.GetProperty("id").GetInt64() == e.Id && e.Data.GetProperty("type").GetString() == e.Type),
            "Expected each event's data to repeat its id and type.");
        Assert.Equal("Acme", events[1].Body.GetProperty("vendor").GetString());
        Assert.Equal("Accepted", events[1].Body.GetProperty("status").GetString());
        Assert.Equal("Available", events[2].Body.GetProperty("status").GetString());
        Assert.Equal(transactionId, events[3].Body.GetProperty("transactionId").GetInt32());
        Assert.Equal(750, events[4].Body.GetProperty("energyWh").GetInt64());
        Assert.Equal(1_500, events[5].Body.GetProperty("energyWh").GetInt64());
        Assert.Equal("ChargePoint", events[5].Body.GetProperty("endedBy").GetString());
    }

    [Fact]
    public async Task A_stream_resumed_with_Last_Event_ID_after_a_disconnect_delivers_every_event_once_in_order()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        await chargePoint.CallAsync("BootNotification", V16Messages.BootNotification());

        List<StreamedEvent> beforeDisconnect;
        await using (var first = await EventStreamReader.OpenAsync(Host, $"/api/events?after=0&chargePointId={chargePoint.Id}"))
        {
            beforeDisconnect = await first.UntilAsync("Booted");
        }

        // While no stream is open: statuses, and an operator's command answered.
        foreach (var status in new[] { "Preparing", "Charging", "SuspendedEV", "Finishing" })
        {
            await chargePoint.CallAsync("StatusNotification", V16Messages.StatusNotification(1, status));
        }

        var reset = await Host.Api.PostAsJsonAsync($"/api/charge-points/{chargePoint.Id}/reset", new { type = "Soft" });
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);

        await using var resumed = await EventStreamReader.OpenAsync(Host, $"/api/events?after=0&chargePointId={chargePoint.Id}", lastEventId: beforeDisconnect[^1].Id);
        var afterDisconnect = await resumed.UntilAsync("CommandAnswered");

        var all = beforeDisconnect.Concat(afterDisconnect).ToList();
        Assert.Equal(
            ["Connected", "Booted", "StatusChanged", "StatusChanged", "StatusChanged", "StatusChanged", "CommandAnswered"],
            all.Select(e => e.Type));
        Assert.Equal(Enumerable.Range(1, all.Count).Select(n => (long)n), all.Select(e => e.Sequence));
        Assert.Equal(all.Count, all.Select(e => e.Id).Distinct().Count());
        Assert.Equal(["Preparing", "Charging", "SuspendedEV", "Finishing"], afterDisconnect.Take(4).Select(e => e.Body.GetProperty("status").GetString()));
        var answered = afterDisconnect[^1].Body;
        Assert.Equal("Reset", answered.GetProperty("action").GetString());
        Assert.Equal("Accepted", answered.GetProperty("status").GetString());

        // The page form lists the same events with the same ids, for a client that polls.
        var page = await ApiAssert.JsonAsync(await Host.Api.GetAsync($"/api/events/page?chargePointId={chargePoint.Id}&limit=1000"), HttpStatusCode.OK);
        var listed = page.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(all.Select(e => e.Id), listed.Select(e => e.GetProperty("id").GetInt64()));
        Assert.Equal(all[^1].Id, page.GetProperty("lastId").GetInt64());
    }

    [Fact]
    public async Task A_stream_filtered_by_type_sends_only_those_types()
    {
        var id = Fresh.ChargePointId();
        await using var stream = await EventStreamReader.OpenAsync(Host, $"/api/events?chargePointId={id}&types=booted,Disconnected");
        await using (var chargePoint = await TestChargePoint.ConnectAsync(Host, id))
        {
            await chargePoint.CallAsync("StatusNotification", V16Messages.StatusNotification(0, "Available"));
            await chargePoint.CallAsync("BootNotification", V16Messages.BootNotification());
        }

        var events = await stream.UntilAsync("Disconnected");

        Assert.Equal(["Booted", "Disconnected"], events.Select(e => e.Type));
    }

    [Fact]
    public async Task An_idle_stream_gets_keepalive_comments()
    {
        await using var host = await CsmsHost.StartAsync(new Dictionary<string, string?> { ["Events:KeepAliveSeconds"] = "1", ["Events:PollMilliseconds"] = "100" });
        await using var stream = await EventStreamReader.OpenAsync(host, $"/api/events?chargePointId={Fresh.ChargePointId()}");

        await Assert.ThrowsAsync<Xunit.Sdk.XunitException>(() => stream.NextAsync("no event at all", TimeSpan.FromSeconds(2.5)));

        Assert.Contains(": keepalive", stream.Comments);
    }

    [Theory]
    [InlineData("/api/events?types=Nope", "types")]
    [InlineData("/api/events?after=-1", "after")]
    [InlineData("/api/events/page?types=Connected,", null)]
    [InlineData("/api/events/page?limit=0", "limit")]
    [InlineData("/api/events/page?after=-5", "after")]
    public async Task Bad_stream_and_page_parameters_are_validation_problems(string url, string? field)
    {
        var response = await Host.Api.GetAsync(url);

        if (field is null)
        {
            await ApiAssert.JsonAsync(response, HttpStatusCode.OK);
        }
        else
        {
            await ApiAssert.ValidationProblemAsync(response, field);
        }
    }

    [Fact]
    public async Task A_Last_Event_ID_that_is_no_event_id_is_a_validation_problem()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/events");
        request.Headers.Add("Last-Event-ID", "yesterday");

        await ApiAssert.ValidationProblemAsync(await Host.Api.SendAsync(request), "Last-Event-ID");
    }

    [Fact]
    public async Task The_page_lists_events_after_a_position_oldest_first_with_their_json_data()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        await chargePoint.CallAsync("BootNotification", V16Messages.BootNotification(vendor: "Volta"));

        var first = await ApiAssert.JsonAsync(await Host.Api.GetAsync($"/api/events/page?chargePointId={chargePoint.Id}&limit=1"), HttpStatusCode.OK);
        var connected = Assert.Single(first.GetProperty("items").EnumerateArray());
        var next = await ApiAssert.JsonAsync(
            await Host.Api.GetAsync($"/api/events/page?chargePointId={chargePoint.Id}&after={first.GetProperty("lastId").GetInt64()}"), HttpStatusCode.OK);

        Assert.Equal("Connected", connected.GetProperty("type").GetString());
        Assert.Equal(1, connected.GetProperty("sequence").GetInt64());
        var booted = Assert.Single(next.GetProperty("items").EnumerateArray());
        Assert.Equal("Booted", booted.GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.Object, booted.GetProperty("data").ValueKind);
        Assert.Equal("Volta", booted.GetProperty("data").GetProperty("vendor").GetString());
    }
}
