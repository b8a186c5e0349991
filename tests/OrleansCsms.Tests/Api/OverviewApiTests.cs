using System.Net;
using System.Text.Json;
using OrleansCsms.Tests.Conformance.V16;
using OrleansCsms.Tests.Conformance.V201;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Api;

/// <summary>GET /api/overview and GET /api/statistics/series with real charge points sending real traffic.</summary>
[Collection(CsmsCollection.Name)]
public sealed class OverviewApiTests(CsmsHostFixture fixture)
{
    private CsmsHost Host => fixture.Host;

    [Fact]
    public async Task The_overview_counts_charge_points_by_status_the_sessions_running_and_todays_energy()
    {
        var before = await OverviewAsync();
        await using var charging = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        await using var broken = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        await charging.CallAsync("BootNotification", V16Messages.BootNotification());
        await broken.CallAsync("BootNotification", V16Messages.BootNotification());
        await charging.CallAsync("StatusNotification", V16Messages.StatusNotification(1, "Charging"));
        await broken.CallAsync("StatusNotification", V16Messages.StatusNotification(1, "Faulted", "GroundFailure"));
        await broken.CallAsync("StatusNotification", V16Messages.StatusNotification(2, "Unavailable"));
        var now = DateTimeOffset.UtcNow;
        var done = await StartAsync(charging, 1_000, now, connectorId: 2);
        await charging.CallAsync("StopTransaction", V16Messages.StopTransaction(done, 5_200, now));
        await StartAsync(charging, 0, now);

        var after = await OverviewAsync();

        var (was, counts) = (before.GetProperty("chargePoints"), after.GetProperty("chargePoints"));
        Assert.True(
            Rise(was, counts, "known") >= 2 && Rise(was, counts, "connected") >= 2 && Rise(was, counts, "charging") >= 1
            && Rise(was, counts, "faulted") >= 1 && Rise(was, counts, "unavailable") >= 1,
            $"Expected two more charge points known and connected, one more charging, faulted and unavailable, but went from {was} to {counts}.");
        Assert.True(Rise(before, after, "sessionsRunning") >= 1, $"Expected a session more running, but went from {before} to {after}.");
        Assert.True(Rise(before, after, "sessionsToday") >= 2 && Rise(before, after, "energyTodayWh") >= 4_200,
            $"Expected two more sessions today with 4200 Wh more, but went from {before} to {after}.");
        Assert.Equal(after.GetProperty("energyTodayWh").GetInt64() / 1000m, after.GetProperty("energyTodayKWh").GetDecimal());
        Assert.Equal("UTC", after.GetString("timeZone"));
        Assert.Equal(DateTimeOffset.UtcNow.UtcDateTime.Date, after.GetProperty("todayStartedAt").GetDateTimeOffset().UtcDateTime);
    }

    [Fact]
    public async Task A_201_station_counts_as_charging_while_its_transaction_reports_charging_though_its_connector_says_occupied()
    {
        var token = await new OcttOperator(Host).IdTagAsync();
        await using var socket = await TestChargePoint.ConnectV201Async(Host, Fresh.ChargePointId());
        var station = new OcttStation(socket);
        await station.BootAsync();
        await station.AuthorizedAsync(token);
        await station.ConnectorStatusAsync("Occupied");
        await station.EventAsync("Updated", "CablePluggedIn", chargingState: "EVConnected");
        var plugged = await OverviewAsync();

        await station.EventAsync("Updated", "ChargingStateChanged", chargingState: "Charging");
        var charging = await OverviewAsync();
        await station.EventAsync("Updated", "ChargingStateChanged", chargingState: "SuspendedEV");
        var suspended = await OverviewAsync();

        var (wasPlugged, wasCharging, wasSuspended) = (plugged.GetProperty("chargePoints"), charging.GetProperty("chargePoints"), suspended.GetProperty("chargePoints"));
        Assert.True(Rise(wasPlugged, wasCharging, "charging") == 1,
            $"Expected {station.Id} (connector Occupied, transaction Charging) to count as one more charging, but went from {wasPlugged} to {wasCharging}.");
        Assert.True(Rise(wasCharging, wasSuspended, "charging") == -1,
            $"Expected {station.Id} to count as charging no more once its EV suspended, but went from {wasCharging} to {wasSuspended}.");
        socket.AssertAllServerFramesValid();
    }

    [Fact]
    public async Task The_series_samples_messages_per_second_and_the_power_of_a_running_session()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        await chargePoint.CallAsync("BootNotification", V16Messages.BootNotification());
        var now = DateTimeOffset.UtcNow;
        var transactionId = await StartAsync(chargePoint, 0, now.AddMinutes(-1));
        var sentAt = DateTimeOffset.UtcNow;
        await chargePoint.CallAsync("MeterValues", V16Messages.MeterValues(transactionId, now, 180));

        // Power.Active.Import reads 11000 W in every sample the test charge point sends.
        var (series, _) = await Poll.UntilAsync(
            async token => await ApiAssert.JsonAsync(await Host.Api.GetAsync("/api/statistics/series", token), HttpStatusCode.OK),
            s => Samples(s).Any(x => x.GetProperty("at").GetDateTimeOffset() > sentAt && x.GetProperty("powerKw").GetDouble() >= 11),
            TimeSpan.FromSeconds(30),
            $"a sample after the MeterValues of transaction {transactionId} with at least 11 kW",
            s => s.ToString());

        var samples = Samples(series);
        Assert.True(series.GetProperty("sampleSeconds").GetInt32() == 5 && !string.IsNullOrEmpty(series.GetString("frontEndId")), $"Expected the default 5 s sampling and the front-end's id: {series}");
        Assert.True(samples.Any(x => x.GetProperty("messagesPerSecond").GetDouble() > 0 && x.GetProperty("clusterMessagesPerSecond").GetDouble() >= x.GetProperty("messagesPerSecond").GetDouble()),
            $"Expected a sample counting this front-end's messages, and the cluster's at least as many: {series}");
        Assert.True(samples.Zip(samples.Skip(1)).All(p => p.First.GetProperty("at").GetDateTimeOffset() < p.Second.GetProperty("at").GetDateTimeOffset()),
            $"Expected the samples oldest first: {series}");
        Assert.True(samples[^1].GetProperty("sessionsRunning").GetInt32() >= 1, $"Expected the running session counted: {samples[^1]}");
    }

    private async Task<JsonElement> OverviewAsync() => await ApiAssert.JsonAsync(await Host.Api.GetAsync("/api/overview"), HttpStatusCode.OK);

    private static List<JsonElement> Samples(JsonElement series) => [.. series.GetProperty("samples").EnumerateArray()];

    private static long Rise(JsonElement before, JsonElement after, string property) =>
        after.GetProperty(property).GetInt64() - before.GetProperty(property).GetInt64();

    private static async Task<int> StartAsync(TestChargePoint chargePoint, int meterStart, DateTimeOffset at, int connectorId = 1) =>
        (await chargePoint.CallAsync("StartTransaction", V16Messages.StartTransaction(Fresh.IdTag(), meterStart, at, connectorId))).GetProperty("transactionId").GetInt32();
}
