using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Ocpp.V201;

/// <summary>An OCPP 2.0.1 station on the same grains as a 1.6 charge point: boot, status, authorization and TransactionEvents.</summary>
[Collection(CsmsCollection.Name)]
public sealed class StationTransactionTests(CsmsHostFixture fixture)
{
    private CsmsHost Host => fixture.Host;

    [Fact]
    public async Task A_station_charges_with_transaction_events_and_the_operator_sees_the_transaction_as_for_a_1_6_charge_point()
    {
        var token = await AcceptedTokenAsync();
        await using var station = await TestChargePoint.ConnectV201Async(Host, Fresh.ChargePointId());
        var stationTransactionId = Guid.NewGuid().ToString();
        var start = DateTimeOffset.UtcNow.AddMinutes(-30);

        var boot = await station.CallAsync("BootNotification", V201Messages.BootNotification());
        Assert.Equal("Accepted", boot.GetProperty("status").GetString());
        await station.CallAsync("StatusNotification", V201Messages.StatusNotification(1, "Available"));
        var authorize = await station.CallAsync("Authorize", V201Messages.Authorize(token));
        Assert.Equal("Accepted", authorize.GetProperty("idTokenInfo").GetProperty("status").GetString());
        await station.CallAsync("StatusNotification", V201Messages.StatusNotification(1, "Occupied"));

        var started = await station.CallAsync("TransactionEvent", V201Messages.TransactionEvent(
            "Started", stationTransactionId, 0, start, "Authorized", energyWh: 1_000, idToken: token, chargingState: "EVConnected"));
        Assert.Equal("Accepted", started.GetProperty("idTokenInfo").GetProperty("status").GetString());
        for (var seqNo = 1; seqNo <= 3; seqNo++)
        {
            var updated = await station.CallAsync("TransactionEvent", V201Messages.TransactionEvent(
                "Updated", stationTransactionId, seqNo, start.AddMinutes(seqNo * 5), "MeterValuePeriodic", energyWh: 1_000 + (seqNo * 2_500), chargingState: "Charging"));
            Assert.False(updated.TryGetProperty("idTokenInfo", out _), "An event without a token is answered without idTokenInfo.");
        }

        await station.CallAsync("TransactionEvent", V201Messages.TransactionEvent(
            "Ended", stationTransactionId, 4, start.AddMinutes(20), "StopAuthorized", energyWh: 9_000, idToken: token, stoppedReason: "Local", chargingState: "Idle"));

        var transaction = await TransactionOfAsync(station.Id, stationTransactionId);
        Assert.Equal(station.Id, transaction.GetProperty("chargePointId").GetString());
        Assert.Equal(1, transaction.GetProperty("connectorId").GetInt32());
        Assert.Equal(token, transaction.GetProperty("idTag").GetString());
        Assert.Equal(1_000, transaction.GetProperty("meterStart").GetInt32());
        Assert.Equal(9_000, transaction.GetProperty("meterStop").GetInt32());
        Assert.Equal(8_000, transaction.GetProperty("energyWh").GetInt64());
        Assert.False(transaction.GetProperty("active").GetBoolean(), "An Ended transaction must not be active.");
        Assert.Equal("Local", transaction.GetProperty("stopReason").GetString());
        var stationView = transaction.GetProperty("station");
        Assert.Equal("0-4", stationView.GetProperty("receivedSeqNos").GetString());
        Assert.Equal(JsonValueKind.Null, stationView.GetProperty("missingSeqNos").ValueKind);
        Assert.Equal("Idle", stationView.GetProperty("chargingState").GetString());
        Assert.Contains(transaction.GetProperty("meterValues").EnumerateArray(), v => v.GetProperty("measurand").GetString() == "Current.Import" && v.GetProperty("phase").GetString() == "L1");

        var details = await Host.Api.GetFromJsonAsync<JsonElement>($"/api/charge-points/{station.Id}");
        Assert.Equal("Acme", details.GetProperty("boot").GetProperty("vendor").GetString());
        Assert.Empty(details.GetProperty("activeTransactionIds").EnumerateArray());
    }

    [Fact]
    public async Task A_resent_event_is_answered_alike_and_counted_once_and_a_missing_one_is_reported()
    {
        var token = await AcceptedTokenAsync();
        await using var station = await BootedStationAsync();
        var stationTransactionId = Guid.NewGuid().ToString();
        var start = DateTimeOffset.UtcNow.AddMinutes(-10);
        var first = V201Messages.TransactionEvent("Started", stationTransactionId, 0, start, "Authorized", energyWh: 500, idToken: token);

        var answer = await station.CallAsync("TransactionEvent", first);
        var resent = await station.CallAsync("TransactionEvent", first);
        await station.CallAsync("TransactionEvent", V201Messages.TransactionEvent("Updated", stationTransactionId, 1, start.AddMinutes(1), "MeterValuePeriodic", energyWh: 1_500));
        await station.CallAsync("TransactionEvent", V201Messages.TransactionEvent("Updated", stationTransactionId, 3, start.AddMinutes(3), "MeterValuePeriodic", energyWh: 3_500));

        Assert.Equal(answer.GetRawText(), resent.GetRawText());
        var transaction = await TransactionOfAsync(station.Id, stationTransactionId);
        Assert.Equal(3_000, transaction.GetProperty("energyWh").GetInt64());
        Assert.Equal("0-1, 3", transaction.GetProperty("station").GetProperty("receivedSeqNos").GetString());
        Assert.Equal("2", transaction.GetProperty("station").GetProperty("missingSeqNos").GetString());
        Assert.Equal(9, transaction.GetProperty("meterValueCount").GetInt32());
    }

    [Fact]
    public async Task Events_queued_while_offline_are_recorded_with_the_times_they_happened_even_when_the_start_arrives_last()
    {
        var token = await AcceptedTokenAsync();
        await using var station = await BootedStationAsync();
        var stationTransactionId = Guid.NewGuid().ToString();
        var start = DateTimeOffset.UtcNow.AddHours(-2);

        await station.CallAsync("TransactionEvent", V201Messages.TransactionEvent("Updated", stationTransactionId, 1, start.AddMinutes(30), "MeterValuePeriodic", energyWh: 6_000, offline: true));
        await station.CallAsync("TransactionEvent", V201Messages.TransactionEvent("Started", stationTransactionId, 0, start, "Authorized", energyWh: 2_000, idToken: token, offline: true));
        await station.CallAsync("TransactionEvent", V201Messages.TransactionEvent("Ended", stationTransactionId, 2, start.AddMinutes(60), "EVCommunicationLost", energyWh: 12_000, stoppedReason: "EVDisconnected", offline: true));

        var transaction = await TransactionOfAsync(station.Id, stationTransactionId);
        Assert.Equal(start.UtcDateTime, transaction.GetProperty("startTimestamp").GetDateTimeOffset().UtcDateTime, TimeSpan.FromMilliseconds(1));
        Assert.Equal(start.AddMinutes(60).UtcDateTime, transaction.GetProperty("stopTimestamp").GetDateTimeOffset().UtcDateTime, TimeSpan.FromMilliseconds(1));
        Assert.Equal("EVDisconnected", transaction.GetProperty("stopReason").GetString());
        Assert.Equal(token, transaction.GetProperty("idTag").GetString());
        Assert.True(transaction.GetProperty("station").GetProperty("offlineEvents").GetBoolean(), "Events sent with offline=true mark the transaction.");
        Assert.Equal("0-2", transaction.GetProperty("station").GetProperty("receivedSeqNos").GetString());
    }

    [Fact]
    public async Task A_blocked_token_is_answered_blocked_in_the_transaction_event_that_carries_it()
    {
        var token = Fresh.IdTag();
        (await Host.Api.PutAsJsonAsync($"/api/id-tags/{token}", new { status = "Blocked" })).EnsureSuccessStatusCode();
        await using var station = await BootedStationAsync();

        var started = await station.CallAsync("TransactionEvent", V201Messages.TransactionEvent(
            "Started", Guid.NewGuid().ToString(), 0, DateTimeOffset.UtcNow, "Authorized", energyWh: 0, idToken: token));
        var noAuthorization = await station.CallAsync("TransactionEvent", V201Messages.TransactionEvent(
            "Started", Guid.NewGuid().ToString(), 0, DateTimeOffset.UtcNow, "CablePluggedIn", energyWh: 0, idToken: "", evseId: 2, idTokenType: "NoAuthorization"));

        Assert.Equal("Blocked", started.GetProperty("idTokenInfo").GetProperty("status").GetString());
        Assert.Equal("Accepted", noAuthorization.GetProperty("idTokenInfo").GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_operator_starts_and_stops_a_station_s_transaction_through_the_same_endpoints_as_for_a_1_6_charge_point()
    {
        var token = await AcceptedTokenAsync();
        await using var station = await BootedStationAsync();
        var stationTransactionId = Guid.NewGuid().ToString();
        station.OnServerCall = (action, _) => ServerCallAnswer.Result(action == "RequestStartTransaction"
            ? new { status = "Accepted", transactionId = (string?)null }
            : new { status = "Accepted", transactionId = (string?)null });

        var startResponse = await Host.Api.PostAsJsonAsync($"/api/charge-points/{station.Id}/remote-start", new { connectorId = 1, idTag = token });

        Assert.Equal(HttpStatusCode.OK, startResponse.StatusCode);
        var (startAction, startPayload) = Assert.Single(station.ServerCalls);
        Assert.Equal("RequestStartTransaction", startAction);
        Assert.Equal(token, startPayload.GetProperty("idToken").GetProperty("idToken").GetString());
        Assert.Equal("Central", startPayload.GetProperty("idToken").GetProperty("type").GetString());
        Assert.Equal(1, startPayload.GetProperty("evseId").GetInt32());
        var remoteStartId = startPayload.GetProperty("remoteStartId").GetInt32();

        await station.CallAsync("TransactionEvent", V201Messages.TransactionEvent(
            "Started", stationTransactionId, 0, DateTimeOffset.UtcNow, "RemoteStart", energyWh: 100, idToken: token, remoteStartId: remoteStartId, idTokenType: "Central"));
        var transaction = await TransactionOfAsync(station.Id, stationTransactionId);
        Assert.Equal(remoteStartId, transaction.GetProperty("station").GetProperty("remoteStartId").GetInt32());
        var transactionId = transaction.GetProperty("id").GetInt32();

        var stopResponse = await Host.Api.PostAsJsonAsync($"/api/charge-points/{station.Id}/remote-stop", new { transactionId });

        Assert.Equal(HttpStatusCode.OK, stopResponse.StatusCode);
        var (stopAction, stopPayload) = station.ServerCalls.Last();
        Assert.Equal("RequestStopTransaction", stopAction);
        Assert.Equal(stationTransactionId, stopPayload.GetProperty("transactionId").GetString());
    }

    [Fact]
    public async Task Version_neutral_commands_are_phrased_in_2_0_1_and_one_without_a_2_0_1_counterpart_is_refused_unsent()
    {
        await using var station = await BootedStationAsync();
        station.OnServerCall = (action, _) => action switch
        {
            "UnlockConnector" => ServerCallAnswer.Result(new { status = "Unlocked" }),
            "GetVariables" => ServerCallAnswer.Result(new
            {
                getVariableResult = new[] { new { attributeStatus = "Accepted", attributeValue = "300", component = new { name = "OCPPCommCtrlr" }, variable = new { name = "HeartbeatInterval" } } },
            }),
            "SetVariables" => ServerCallAnswer.Result(new
            {
                setVariableResult = new[] { new { attributeStatus = "Accepted", component = new { name = "OCPPCommCtrlr" }, variable = new { name = "HeartbeatInterval" } } },
            }),
            _ => ServerCallAnswer.Result(new { status = "Accepted" }),
        };
        var id = station.Id;

        Assert.Equal(HttpStatusCode.OK, (await Host.Api.PostAsJsonAsync($"/api/charge-points/{id}/reset", new { type = "Hard" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Host.Api.PostAsJsonAsync($"/api/charge-points/{id}/unlock", new { connectorId = 2 })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Host.Api.PostAsJsonAsync($"/api/charge-points/{id}/availability", new { connectorId = 1, type = "Inoperative" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Host.Api.PostAsync($"/api/charge-points/{id}/clear-cache", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Host.Api.PutAsJsonAsync($"/api/charge-points/{id}/configuration/HeartbeatInterval", new { value = "60" })).StatusCode);
        var sent = station.ServerCalls.ToList();

        Assert.Equal(["Reset", "UnlockConnector", "ChangeAvailability", "ClearCache", "SetVariables"], sent.Select(c => c.Action));
        Assert.Equal("Immediate", sent[0].Payload.GetProperty("type").GetString());
        Assert.Equal(2, sent[1].Payload.GetProperty("evseId").GetInt32());
        Assert.Equal("Inoperative", sent[2].Payload.GetProperty("operationalStatus").GetString());
        Assert.Equal(1, sent[2].Payload.GetProperty("evse").GetProperty("id").GetInt32());
        var setVariable = sent[4].Payload.GetProperty("setVariableData")[0];
        Assert.Equal("OCPPCommCtrlr", setVariable.GetProperty("component").GetProperty("name").GetString());
        Assert.Equal("60", setVariable.GetProperty("attributeValue").GetString());

        var unknownStop = await Host.Api.PostAsJsonAsync($"/api/charge-points/{id}/remote-stop", new { transactionId = 987_654_321 });
        Assert.Equal(HttpStatusCode.Conflict, unknownStop.StatusCode);
        Assert.Equal(5, station.ServerCalls.Count);
    }

    [Fact]
    public async Task A_1_6_message_on_a_2_0_1_connection_and_an_invalid_payload_get_the_2_0_1_errors()
    {
        await using var station = await BootedStationAsync();

        var unknown = await Assert.ThrowsAsync<OcppCallErrorException>(() => station.CallAsync("StartTransaction", V16Messages.StartTransaction("TAG", 0, DateTimeOffset.UtcNow)));
        var invalid = await Assert.ThrowsAsync<OcppCallErrorException>(() => station.CallRawAsync("TransactionEvent", """{"eventType":"Started","timestamp":"2026-01-01T00:00:00Z","triggerReason":"Authorized","seqNo":"zero","transactionInfo":{"transactionId":"t1"}}"""));
        var evseZero = await Assert.ThrowsAsync<OcppCallErrorException>(() => station.CallAsync("StatusNotification", V201Messages.StatusNotification(0, "Available")));

        Assert.Equal("NotImplemented", unknown.ErrorCode);
        Assert.Equal("TypeConstraintViolation", invalid.ErrorCode);
        Assert.Equal("PropertyConstraintViolation", evseZero.ErrorCode);
    }

    [Theory]
    [InlineData(new[] { "ocpp2.0.1", "ocpp1.6" }, "ocpp2.0.1")]
    [InlineData(new[] { "ocpp1.6", "ocpp2.0.1" }, "ocpp1.6")]
    [InlineData(new[] { "ocpp2.1", "ocpp2.0.1" }, "ocpp2.0.1")]
    public async Task The_station_s_order_of_preference_decides_the_version(string[] offered, string chosen)
    {
        using var socket = await TestChargePoint.OpenAsync(Host.OcppUri(Fresh.ChargePointId()), "ignored", null, offered);

        Assert.Equal(chosen, socket.SubProtocol);
        await socket.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
    }

    private async Task<TestChargePoint> BootedStationAsync()
    {
        var station = await TestChargePoint.ConnectV201Async(Host, Fresh.ChargePointId());
        var boot = await station.CallAsync("BootNotification", V201Messages.BootNotification());
        Assert.Equal("Accepted", boot.GetProperty("status").GetString());
        return station;
    }

    private async Task<string> AcceptedTokenAsync()
    {
        var token = Fresh.IdTag();
        (await Host.Api.PutAsJsonAsync($"/api/id-tags/{token}", new { status = "Accepted" })).EnsureSuccessStatusCode();
        return token;
    }

    /// <summary>The transaction the station named <paramref name="stationTransactionId"/>, found through the operator API.</summary>
    private async Task<JsonElement> TransactionOfAsync(string stationId, string stationTransactionId)
    {
        var list = await Host.Api.GetFromJsonAsync<JsonElement>($"/api/transactions?chargePointId={stationId}");
        foreach (var item in list.GetProperty("items").EnumerateArray())
        {
            var transaction = await Host.Api.GetFromJsonAsync<JsonElement>($"/api/transactions/{item.GetProperty("id").GetInt32()}");
            if (transaction.GetProperty("station").ValueKind == JsonValueKind.Object
                && transaction.GetProperty("station").GetProperty("stationTransactionId").GetString() == stationTransactionId)
            {
                return transaction;
            }
        }

        Assert.Fail($"Expected a transaction of {stationId} named {stationTransactionId} by the station, but the API lists none.");
        return default;
    }
}
