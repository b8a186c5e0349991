using System.Text.Json;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Conformance.V201;

/// <summary>
/// OCTT 2.0.1 block F (remote control), CSMS side: an operator starts and stops transactions, unlocks connectors and
/// triggers messages through the same REST endpoints as for a 1.6 charge point; the tool checks the requests.
/// </summary>
[Collection(OcttV201Collection.Name)]
public sealed class RemoteControlTestCases(CsmsHostFixture fixture) : StationTestCases(fixture)
{
    [Fact]
    public async Task TC_F_01_CSMS_A_remote_start_after_the_cable_is_plugged_in_joins_the_open_transaction()
    {
        var token = await Operator.IdTagAsync();
        var station = await BootedStationAsync();
        await station.EvConnectedPreSessionAsync();
        station.Socket.OnServerCall = (_, _) => ServerCallAnswer.Result(new { status = "Accepted", transactionId = station.TransactionId });

        var answer = await Operator.PostAsync($"/api/charge-points/{station.Id}/remote-start", new { connectorId = OcttStation.Evse, idTag = token });

        Assert.Equal("Accepted", answer.GetProperty("status").GetString());
        var request = AssertRequestStart(station, token);
        await station.EventAsync("Updated", "RemoteStart", idToken: token, idTokenType: "Central", remoteStartId: request.GetProperty("remoteStartId").GetInt32(), expectedTokenStatus: "Accepted");
        await station.EnergyTransferStartedAsync(cablePluggedIn: true);
        var transaction = await StationRecords.TransactionAsync(Host, station.Id, station.TransactionId!);
        Assert.Equal(token, transaction.GetProperty("idTag").GetString());
        Assert.Equal(request.GetProperty("remoteStartId").GetInt32(), transaction.GetProperty("station").GetProperty("remoteStartId").GetInt32());
    }

    [Fact]
    public async Task TC_F_02_CSMS_A_remote_start_first_is_authorized_when_the_station_asks_and_starts_the_transaction()
    {
        var token = await Operator.IdTagAsync();
        var station = await BootedStationAsync();

        await Operator.PostAsync($"/api/charge-points/{station.Id}/remote-start", new { connectorId = OcttStation.Evse, idTag = token });

        var request = AssertRequestStart(station, token);
        await station.AuthorizeAsync(token, type: "Central");
        await station.EventAsync("Started", "RemoteStart", idToken: token, idTokenType: "Central", remoteStartId: request.GetProperty("remoteStartId").GetInt32(), expectedTokenStatus: "Accepted");
        await station.EnergyTransferStartedAsync();
        await StationRecords.AssertOngoingAsync(Host, station);
    }

    [Fact]
    public async Task TC_F_03_CSMS_A_remote_start_first_without_an_Authorize_starts_the_transaction()
    {
        var token = await Operator.IdTagAsync();
        var station = await BootedStationAsync();

        await Operator.PostAsync($"/api/charge-points/{station.Id}/remote-start", new { connectorId = OcttStation.Evse, idTag = token });

        var request = AssertRequestStart(station, token);
        await station.EventAsync("Started", "RemoteStart", idToken: token, idTokenType: "Central", remoteStartId: request.GetProperty("remoteStartId").GetInt32(), expectedTokenStatus: "Accepted");
        await station.EnergyTransferStartedAsync();
        await StationRecords.AssertOngoingAsync(Host, station);
    }

    [Fact]
    public async Task TC_F_04_CSMS_A_remote_start_whose_cable_is_never_plugged_in_ends_on_timeout()
    {
        var token = await Operator.IdTagAsync();
        var station = await BootedStationAsync();

        await Operator.PostAsync($"/api/charge-points/{station.Id}/remote-start", new { connectorId = OcttStation.Evse, idTag = token });

        var request = AssertRequestStart(station, token);
        await station.EventAsync("Started", "RemoteStart", idToken: token, idTokenType: "Central", remoteStartId: request.GetProperty("remoteStartId").GetInt32(), expectedTokenStatus: "Accepted");
        await station.EventAsync("Ended", "EVConnectTimeout", stoppedReason: "Timeout");
        await StationRecords.AssertEndedAsync(Host, station, "Timeout");
    }

    [Fact]
    public async Task TC_F_06_CSMS_An_unlock_names_the_EVSE_and_its_connector()
    {
        var station = await BootedStationAsync();
        station.Socket.OnServerCall = (_, _) => ServerCallAnswer.Result(new { status = "Unlocked" });

        var answer = await Operator.PostAsync($"/api/charge-points/{station.Id}/unlock", new { connectorId = OcttStation.Evse });

        Assert.Equal("Unlocked", answer.GetProperty("status").GetString());
        var (action, payload) = Assert.Single(station.Socket.ServerCalls);
        Assert.Equal("UnlockConnector", action);
        Assert.Equal(OcttStation.Evse, payload.GetProperty("evseId").GetInt32());
        Assert.Equal(OcttStation.Connector, payload.GetProperty("connectorId").GetInt32());
    }

    [Fact]
    public async Task TC_F_11_CSMS_A_trigger_of_MeterValues_for_one_EVSE_is_sent_and_the_readings_recorded()
    {
        var station = await BootedStationAsync();

        var request = await TriggerAsync(station, "MeterValues", OcttStation.Evse);

        Assert.Equal(OcttStation.Evse, request.GetProperty("evse").GetProperty("id").GetInt32());
        await station.AcknowledgedAsync("MeterValues", new { evseId = OcttStation.Evse, meterValue = new[] { V201Messages.MeterValue(DateTimeOffset.UtcNow, 4_200, "Trigger") } });
    }

    [Fact]
    public async Task TC_F_12_CSMS_A_trigger_of_MeterValues_for_all_EVSEs_leaves_the_EVSE_out()
    {
        var station = await BootedStationAsync();

        var request = await TriggerAsync(station, "MeterValues", null);

        Assert.False(request.TryGetProperty("evse", out _), $"A trigger for every EVSE must leave evse out, but it was {request}.");
        await station.AcknowledgedAsync("MeterValues", new { evseId = OcttStation.Evse, meterValue = new[] { V201Messages.MeterValue(DateTimeOffset.UtcNow, 4_200, "Trigger") } });
    }

    [Fact]
    public async Task TC_F_13_CSMS_A_trigger_of_TransactionEvent_for_one_EVSE_gets_an_Updated_event_of_the_transaction()
    {
        var (station, _) = await ChargingStationAsync();

        var request = await TriggerAsync(station, "TransactionEvent", OcttStation.Evse);

        Assert.Equal(OcttStation.Evse, request.GetProperty("evse").GetProperty("id").GetInt32());
        await station.EventAsync("Updated", "Trigger", chargingState: "Charging");
        await StationRecords.AssertOngoingAsync(Host, station);
    }

    [Fact]
    public async Task TC_F_14_CSMS_A_trigger_of_TransactionEvent_for_all_EVSEs_leaves_the_EVSE_out()
    {
        var (station, _) = await ChargingStationAsync();

        var request = await TriggerAsync(station, "TransactionEvent", null);

        Assert.False(request.TryGetProperty("evse", out _), $"A trigger for every EVSE must leave evse out, but it was {request}.");
        await station.EventAsync("Updated", "Trigger", chargingState: "Charging");
        await StationRecords.AssertOngoingAsync(Host, station);
    }

    [Fact]
    public async Task TC_F_15_CSMS_A_trigger_of_LogStatusNotification_gets_Idle_acknowledged()
    {
        var station = await BootedStationAsync();

        await TriggerAsync(station, "LogStatusNotification", null);

        await station.AcknowledgedAsync("LogStatusNotification", new { status = "Idle" });
    }

    [Fact]
    public async Task TC_F_18_CSMS_A_trigger_of_FirmwareStatusNotification_gets_Idle_acknowledged()
    {
        var station = await BootedStationAsync();

        await TriggerAsync(station, "FirmwareStatusNotification", null);

        await station.AcknowledgedAsync("FirmwareStatusNotification", new { status = "Idle" });
    }

    [Fact]
    public async Task TC_F_20_CSMS_A_trigger_of_Heartbeat_gets_the_current_time()
    {
        var station = await BootedStationAsync();

        await TriggerAsync(station, "Heartbeat", null);

        var heartbeat = await station.AcknowledgedAsync("Heartbeat", new { });
        Assert.True(heartbeat.TryGetProperty("currentTime", out _), $"Expected the Heartbeat answer to carry currentTime, but it was {heartbeat}.");
    }

    [Fact]
    public async Task TC_F_23_CSMS_A_trigger_of_StatusNotification_names_the_EVSE_and_connector_and_Available_is_recorded()
    {
        var station = await BootedStationAsync();

        var request = await TriggerAsync(station, "StatusNotification", OcttStation.Evse);

        Assert.Equal(OcttStation.Connector, request.GetProperty("evse").GetProperty("connectorId").GetInt32());
        await station.AcknowledgedAsync("StatusNotification", V201Messages.StatusNotification(OcttStation.Evse, "Available", OcttStation.Connector));
        var connector = await Operator.ConnectorAsync(station.Id, OcttStation.Evse);
        Assert.Equal("Available", connector.GetProperty("status").GetString());
    }

    [Fact]
    public async Task TC_F_24_CSMS_A_trigger_of_StatusNotification_of_an_occupied_connector_records_Occupied()
    {
        var station = await BootedStationAsync();
        await station.ConnectorStatusAsync("Occupied");

        await TriggerAsync(station, "StatusNotification", OcttStation.Evse);

        await station.AcknowledgedAsync("StatusNotification", V201Messages.StatusNotification(OcttStation.Evse, "Occupied", OcttStation.Connector));
        var connector = await Operator.ConnectorAsync(station.Id, OcttStation.Evse);
        Assert.Equal("Occupied", connector.GetProperty("status").GetString());
    }

    [Fact]
    public async Task TC_F_27_CSMS_A_trigger_the_station_does_not_implement_is_reported_to_the_operator()
    {
        var station = await BootedStationAsync();
        station.Socket.OnServerCall = (_, _) => ServerCallAnswer.Result(new { status = "NotImplemented" });

        var answer = await Operator.PostAsync($"/api/charge-points/{station.Id}/trigger", new { requestedMessage = "SignV2GCertificate" });

        Assert.Equal("NotImplemented", answer.GetProperty("status").GetString());
        Assert.Equal("SignV2GCertificate", Assert.Single(station.Socket.ServerCalls).Payload.GetProperty("requestedMessage").GetString());
    }

    private static JsonElement AssertRequestStart(OcttStation station, string token)
    {
        var (action, payload) = station.Socket.ServerCalls.Last();
        Assert.Equal("RequestStartTransaction", action);
        Assert.Equal(token, payload.GetProperty("idToken").GetProperty("idToken").GetString());
        Assert.Equal("Central", payload.GetProperty("idToken").GetProperty("type").GetString());
        Assert.True(payload.TryGetProperty("remoteStartId", out var remoteStartId) && remoteStartId.GetInt32() > 0,
            $"Expected RequestStartTransaction to carry a remoteStartId, but it was {payload}.");
        return payload;
    }

    private async Task<JsonElement> TriggerAsync(OcttStation station, string message, int? evseId)
    {
        var answer = await Operator.PostAsync($"/api/charge-points/{station.Id}/trigger", evseId is { } id ? new { requestedMessage = message, connectorId = (int?)id } : new { requestedMessage = message, connectorId = (int?)null });
        Assert.Equal("Accepted", answer.GetProperty("status").GetString());
        var (action, payload) = station.Socket.ServerCalls.Last();
        Assert.Equal("TriggerMessage", action);
        Assert.Equal(message, payload.GetProperty("requestedMessage").GetString());
        return payload;
    }


}
