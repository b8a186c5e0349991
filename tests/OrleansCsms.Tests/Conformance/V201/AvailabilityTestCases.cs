using System.Text.Json;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Conformance.V201;

/// <summary>
/// OCTT 2.0.1 block G (availability), CSMS side: an operator changes the availability of the whole station, an EVSE
/// or one connector, with and without a transaction; the station's statuses and events are recorded.
/// </summary>
[Collection(OcttV201Collection.Name)]
public sealed class AvailabilityTestCases(CsmsHostFixture fixture) : StationTestCases(fixture)
{
    [Theory]
    [InlineData("TC_G_03_CSMS", "Inoperative", "Unavailable")]
    [InlineData("TC_G_04_CSMS", "Operative", "Available")]
    public async Task TC_G_03_04_CSMS_An_EVSE_is_made_inoperative_or_operative_without_naming_a_connector(string testCase, string type, string reported)
    {
        var station = await BootedStationAsync();

        var payload = await ChangeAvailabilityAsync(station, new { connectorId = OcttStation.Evse, type });

        Assert.Equal(OcttStation.Evse, payload.GetProperty("evse").GetProperty("id").GetInt32());
        Assert.False(payload.GetProperty("evse").TryGetProperty("connectorId", out _), $"{testCase}: a change of the whole EVSE leaves connectorId out, but it was {payload}.");
        await AssertReportedAsync(station, reported);
    }

    [Theory]
    [InlineData("TC_G_05_CSMS", "Inoperative", "Unavailable")]
    [InlineData("TC_G_06_CSMS", "Operative", "Available")]
    public async Task TC_G_05_06_CSMS_The_whole_station_is_made_inoperative_or_operative_without_naming_an_EVSE(string testCase, string type, string reported)
    {
        var station = await BootedStationAsync();

        var payload = await ChangeAvailabilityAsync(station, new { connectorId = 0, type });

        Assert.False(payload.TryGetProperty("evse", out _), $"{testCase}: a change of the whole station leaves evse out, but it was {payload}.");
        await AssertReportedAsync(station, reported);
    }

    [Theory]
    [InlineData("TC_G_07_CSMS", "Inoperative", "Unavailable")]
    [InlineData("TC_G_08_CSMS", "Operative", "Available")]
    public async Task TC_G_07_08_CSMS_One_connector_is_made_inoperative_or_operative_by_its_EVSE_and_connector(string testCase, string type, string reported)
    {
        var station = await BootedStationAsync();

        var payload = await ChangeAvailabilityAsync(station, new { connectorId = OcttStation.Evse, type, evseConnectorId = OcttStation.Connector });

        Assert.True(payload.GetProperty("evse").GetProperty("connectorId").GetInt32() == OcttStation.Connector, $"{testCase}: expected the connector to be named, but it was {payload}.");
        await AssertReportedAsync(station, reported);
    }

    [Theory]
    [InlineData("TC_G_11_CSMS", OcttStation.Evse, null)]
    [InlineData("TC_G_14_CSMS", 0, null)]
    [InlineData("TC_G_17_CSMS", OcttStation.Evse, OcttStation.Connector)]
    public async Task TC_G_11_14_17_CSMS_A_change_during_a_transaction_is_scheduled_and_applied_once_it_ends(string testCase, int connectorId, int? evseConnectorId)
    {
        var (station, token) = await ChargingStationAsync();
        station.Socket.OnServerCall = (_, _) => ServerCallAnswer.Result(new { status = "Scheduled" });

        var answer = await Operator.PostAsync($"/api/charge-points/{station.Id}/availability", new { connectorId, type = "Inoperative", evseConnectorId });

        Assert.True(answer.GetProperty("status").GetString() == "Scheduled", $"{testCase}: expected the station's Scheduled to reach the operator, but it was {answer}.");
        await station.StopAuthorizedAsync(token);
        await station.EvConnectedPostSessionAsync();
        await station.EvDisconnectedAsync();
        await station.ConnectorStatusAsync("Unavailable");
        await StationRecords.AssertEndedAsync(Host, station, "EVDisconnected");
        Assert.Equal("Unavailable", (await Operator.ConnectorAsync(station.Id, OcttStation.Evse)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task TC_G_20_CSMS_A_connector_lock_failure_is_acknowledged_and_kept_with_the_station_s_events()
    {
        var station = await BootedStationAsync();

        await station.AcknowledgedAsync("NotifyEvent", new
        {
            generatedAt = V201Messages.Timestamp(DateTimeOffset.UtcNow),
            seqNo = 0,
            eventData = new[]
            {
                new
                {
                    eventId = 4711,
                    timestamp = V201Messages.Timestamp(DateTimeOffset.UtcNow),
                    trigger = "Delta",
                    actualValue = "true",
                    component = new { name = "ConnectorPlugRetentionLock", evse = new { id = OcttStation.Evse, connectorId = OcttStation.Connector } },
                    variable = new { name = "Problem" },
                    eventNotificationType = "HardWiredNotification",
                },
            },
        });

        var events = await Operator.GetAsync($"/api/charge-points/{station.Id}/device-model/events");
        var lockFailure = events.GetProperty("items").EnumerateArray().First();
        Assert.Equal("ConnectorPlugRetentionLock", lockFailure.GetProperty("component").GetProperty("name").GetString());
        Assert.Equal("true", lockFailure.GetProperty("actualValue").GetString());
    }

    private async Task<JsonElement> ChangeAvailabilityAsync(OcttStation station, object body)
    {
        var answer = await Operator.PostAsync($"/api/charge-points/{station.Id}/availability", body);
        Assert.Equal("Accepted", answer.GetProperty("status").GetString());
        var (action, payload) = Assert.Single(station.Socket.ServerCalls);
        Assert.Equal("ChangeAvailability", action);
        return payload;
    }

    private async Task AssertReportedAsync(OcttStation station, string status)
    {
        await station.ConnectorStatusAsync(status);
        Assert.Equal(status, (await Operator.ConnectorAsync(station.Id, OcttStation.Evse)).GetProperty("status").GetString());
    }
}
