using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Conformance.V201;

/// <summary>
/// OCTT 2.0.1 block B (provisioning), CSMS side: boots Accepted, held Pending or Rejected; reading and setting
/// variables within the station's per-message limits; base reports; resets of the station and of an EVSE.
/// </summary>
[Collection(OcttV201Collection.Name)]
public sealed class ProvisioningTestCases(CsmsHostFixture fixture) : StationTestCases(fixture)
{
    [Fact]
    public async Task TC_B_01_CSMS_A_cold_boot_is_accepted_with_the_time_and_an_interval()
    {
        var station = await ConnectedStationAsync();

        await station.BootAsync();

        var details = await Operator.GetAsync($"/api/charge-points/{station.Id}");
        Assert.Equal("Accepted", details.GetProperty("boot").GetProperty("status").GetString());
        Assert.Equal("FastCharger 201", details.GetProperty("boot").GetProperty("model").GetString());
        Assert.Equal("PowerUp", details.GetProperty("boot").GetProperty("reason").GetString());
        Assert.Equal("ocpp2.0.1", details.GetProperty("protocol").GetString());
        var connector = Assert.Single(Assert.Single(details.GetProperty("evses").EnumerateArray()).GetProperty("connectors").EnumerateArray());
        Assert.Equal("Available", connector.GetProperty("status").GetString());
    }

    [Fact]
    public async Task TC_B_02_CSMS_A_station_held_Pending_is_provisioned_then_accepted_at_its_next_boot()
    {
        var station = await ConnectedStationAsync();
        await HoldAsync(station.Id, "Pending");
        station.Socket.OnServerCall = (action, payload) => action == "SetVariables"
            ? ServerCallAnswer.Result(new { setVariableResult = new[] { new { attributeStatus = "Accepted", component = new { name = "OCPPCommCtrlr" }, variable = new { name = "OfflineThreshold" } } } })
            : ServerCallAnswer.Result(new { status = "Accepted" });

        var pending = await station.Socket.CallAsync("BootNotification", V201Messages.BootNotification());
        Assert.Equal("Pending", pending.GetProperty("status").GetString());
        var set = await Operator.PostAsync($"/api/charge-points/{station.Id}/variables/set", new
        {
            items = new[] { new { component = new { name = "OCPPCommCtrlr" }, variable = new { name = "OfflineThreshold" }, attributeValue = "123" } },
        });
        Assert.Equal("Accepted", set.GetProperty("results")[0].GetProperty("attributeStatus").GetString());
        await HoldAsync(station.Id, "Accepted");

        await station.BootAsync();
    }

    [Fact]
    public async Task TC_B_06_CSMS_A_single_variable_is_read_and_its_value_kept()
    {
        var station = await BootedStationAsync();
        station.Socket.OnServerCall = (_, payload) => ServerCallAnswer.Result(GetVariablesAnswer(payload, "42"));

        var answer = await Operator.PostAsync($"/api/charge-points/{station.Id}/variables/get", new { items = new[] { Variable("OCPPCommCtrlr", "OfflineThreshold") } });

        var (action, payload) = Assert.Single(station.Socket.ServerCalls);
        Assert.Equal("GetVariables", action);
        var data = Assert.Single(payload.GetProperty("getVariableData").EnumerateArray());
        Assert.Equal("OCPPCommCtrlr", data.GetProperty("component").GetProperty("name").GetString());
        Assert.Equal("OfflineThreshold", data.GetProperty("variable").GetProperty("name").GetString());
        Assert.False(data.TryGetProperty("attributeType", out _), "Without an attribute type the request asks for Actual by leaving it out.");
        Assert.Equal("42", answer.GetProperty("results")[0].GetProperty("attributeValue").GetString());
        var model = await Operator.GetAsync($"/api/charge-points/{station.Id}/device-model?component=OCPPCommCtrlr");
        var kept = Assert.Single(model.GetProperty("variables").EnumerateArray());
        Assert.Equal("42", kept.GetProperty("attributes")[0].GetProperty("value").GetString());
    }

    [Fact]
    public async Task TC_B_07_CSMS_Several_variables_are_read_in_one_request()
    {
        var station = await BootedStationAsync();
        station.Socket.OnServerCall = (_, payload) => ServerCallAnswer.Result(GetVariablesAnswer(payload, "1"));

        var answer = await Operator.PostAsync($"/api/charge-points/{station.Id}/variables/get", new
        {
            items = new[] { Variable("OCPPCommCtrlr", "OfflineThreshold"), Variable("AuthCtrlr", "AuthorizeRemoteStart") },
        });

        var (_, payload) = Assert.Single(station.Socket.ServerCalls);
        Assert.Equal(2, payload.GetProperty("getVariableData").GetArrayLength());
        Assert.Equal(2, answer.GetProperty("results").GetArrayLength());
        Assert.Equal(1, answer.GetProperty("messages").GetInt32());
    }

    [Fact]
    public async Task TC_B_08_CSMS_A_read_of_more_variables_than_the_station_takes_per_message_is_split()
    {
        var station = await BootedStationAsync();
        await ReportItemsPerMessageAsync(station, 4);
        station.Socket.OnServerCall = (_, payload) => ServerCallAnswer.Result(GetVariablesAnswer(payload, "7"));

        var answer = await Operator.PostAsync($"/api/charge-points/{station.Id}/variables/get", new
        {
            items = new[]
            {
                Variable("DeviceDataCtrlr", "ItemsPerMessage", "GetReport"), Variable("DeviceDataCtrlr", "ItemsPerMessage", "GetVariables"),
                Variable("DeviceDataCtrlr", "BytesPerMessage", "GetReport"), Variable("DeviceDataCtrlr", "BytesPerMessage", "GetVariables"),
                Variable("AuthCtrlr", "AuthorizeRemoteStart"),
            },
        });

        var sizes = station.Socket.ServerCalls.Where(c => c.Action == "GetVariables").Select(c => c.Payload.GetProperty("getVariableData").GetArrayLength()).ToList();
        Assert.Equal([4, 1], sizes);
        Assert.Equal(5, answer.GetProperty("results").GetArrayLength());
        Assert.Equal(2, answer.GetProperty("messages").GetInt32());
    }

    [Fact]
    public async Task TC_B_09_CSMS_A_single_variable_is_set()
    {
        var station = await BootedStationAsync();
        station.Socket.OnServerCall = (_, payload) => ServerCallAnswer.Result(SetVariablesAnswer(payload));

        await Operator.PostAsync($"/api/charge-points/{station.Id}/variables/set", new
        {
            items = new[] { new { component = new { name = "OCPPCommCtrlr" }, variable = new { name = "OfflineThreshold" }, attributeValue = "123" } },
        });

        var (action, payload) = Assert.Single(station.Socket.ServerCalls);
        Assert.Equal("SetVariables", action);
        var data = Assert.Single(payload.GetProperty("setVariableData").EnumerateArray());
        Assert.Equal("123", data.GetProperty("attributeValue").GetString());
        var model = await Operator.GetAsync($"/api/charge-points/{station.Id}/device-model?component=OCPPCommCtrlr");
        Assert.Equal("123", Assert.Single(model.GetProperty("variables").EnumerateArray()).GetProperty("attributes")[0].GetProperty("value").GetString());
    }

    [Fact]
    public async Task TC_B_10_CSMS_Several_variables_are_set_in_one_request()
    {
        var station = await BootedStationAsync();
        station.Socket.OnServerCall = (_, payload) => ServerCallAnswer.Result(SetVariablesAnswer(payload));

        await Operator.PostAsync($"/api/charge-points/{station.Id}/variables/set", new
        {
            items = new[]
            {
                new { component = new { name = "OCPPCommCtrlr" }, variable = new { name = "OfflineThreshold" }, attributeValue = "123" },
                new { component = new { name = "AuthCtrlr" }, variable = new { name = "AuthorizeRemoteStart" }, attributeValue = "false" },
            },
        });

        var (_, payload) = Assert.Single(station.Socket.ServerCalls);
        var values = payload.GetProperty("setVariableData").EnumerateArray().Select(d => d.GetProperty("attributeValue").GetString()).ToList();
        Assert.Equal(["123", "false"], values);
    }

    [Theory]
    [InlineData("TC_B_12_CSMS", "ConfigurationInventory")]
    [InlineData("TC_B_13_CSMS", "FullInventory")]
    [InlineData("TC_B_14_CSMS", "SummaryInventory")]
    public async Task TC_B_12_13_14_CSMS_A_base_report_is_asked_for_and_its_parts_fill_the_device_model(string testCase, string reportBase)
    {
        var station = await BootedStationAsync();

        var answer = await Operator.PostAsync($"/api/charge-points/{station.Id}/reports", new { reportBase });

        var (action, payload) = Assert.Single(station.Socket.ServerCalls);
        Assert.Equal("GetBaseReport", action);
        Assert.Equal(reportBase, payload.GetProperty("reportBase").GetString());
        var requestId = payload.GetProperty("requestId").GetInt32();
        Assert.True(requestId >= 0, $"{testCase}: the requestId must be 0 or above, but it was {requestId}.");
        Assert.Equal(requestId, answer.GetProperty("requestId").GetInt32());
        await station.AcknowledgedAsync("NotifyReport", Report(requestId, 0, tbc: true, ("OCPPCommCtrlr", "HeartbeatInterval", "300")));
        await station.AcknowledgedAsync("NotifyReport", Report(requestId, 1, tbc: false, ("AuthCtrlr", "AuthorizeRemoteStart", "true")));
        var model = await Operator.GetAsync($"/api/charge-points/{station.Id}/device-model");
        var report = model.GetProperty("reports").EnumerateArray().Single(r => r.GetProperty("requestId").GetInt32() == requestId);
        Assert.True(report.GetProperty("complete").GetBoolean(), $"{testCase}: the report whose last part arrived must be complete: {report}.");
        Assert.Equal(2, report.GetProperty("partsReceived").GetInt32());
        var keys = model.GetProperty("variables").EnumerateArray().Select(v => $"{v.GetProperty("component").GetProperty("name")}/{v.GetProperty("variable").GetProperty("name")}").ToList();
        Assert.Contains("OCPPCommCtrlr/HeartbeatInterval", keys);
        Assert.Contains("AuthCtrlr/AuthorizeRemoteStart", keys);
    }

    [Fact]
    public async Task TC_B_18_CSMS_A_custom_report_by_criteria_and_component_is_asked_for_and_an_empty_one_told_apart()
    {
        var station = await BootedStationAsync();
        var evseAvailability = new[] { new { component = new { name = "EVSE", evse = new { id = OcttStation.Evse } }, variable = new { name = "AvailabilityState" } } };
        station.Socket.OnServerCall = (_, payload) => ServerCallAnswer.Result(new
        {
            status = payload.GetProperty("componentCriteria")[0].GetString() == "Problem" ? "EmptyResultSet" : "Accepted",
        });

        var empty = await Operator.PostAsync($"/api/charge-points/{station.Id}/reports/custom", new { componentCriteria = new[] { "Problem" }, componentVariables = evseAvailability });
        var available = await Operator.PostAsync($"/api/charge-points/{station.Id}/reports/custom", new { componentCriteria = new[] { "Available" }, componentVariables = evseAvailability });

        Assert.Equal("EmptyResultSet", empty.GetProperty("status").GetString());
        Assert.Equal("Accepted", available.GetProperty("status").GetString());
        var requests = station.Socket.ServerCalls.ToList();
        Assert.All(requests, r => Assert.Equal("GetReport", r.Action));
        var asked = requests[1].Payload;
        Assert.Equal("EVSE", asked.GetProperty("componentVariable")[0].GetProperty("component").GetProperty("name").GetString());
        Assert.Equal(OcttStation.Evse, asked.GetProperty("componentVariable")[0].GetProperty("component").GetProperty("evse").GetProperty("id").GetInt32());
        Assert.Equal("AvailabilityState", asked.GetProperty("componentVariable")[0].GetProperty("variable").GetProperty("name").GetString());
        var requestId = available.GetProperty("requestId").GetInt32();
        Assert.Equal(requestId, asked.GetProperty("requestId").GetInt32());
        await station.AcknowledgedAsync("NotifyReport", Report(requestId, 0, tbc: false, ("EVSE", "AvailabilityState", "Available")));
        var model = await Operator.GetAsync($"/api/charge-points/{station.Id}/device-model?component=EVSE");
        Assert.Single(model.GetProperty("variables").EnumerateArray());
    }

    [Fact]
    public async Task TC_B_20_CSMS_A_reset_on_idle_of_the_whole_station_leaves_the_EVSE_out_and_the_reboot_is_accepted()
    {
        var station = await BootedStationAsync();

        var answer = await Operator.PostAsync($"/api/charge-points/{station.Id}/reset", new { type = "OnIdle" });

        Assert.Equal("Accepted", answer.GetProperty("status").GetString());
        var (action, payload) = Assert.Single(station.Socket.ServerCalls);
        Assert.Equal("Reset", action);
        Assert.Equal("OnIdle", payload.GetProperty("type").GetString());
        Assert.False(payload.TryGetProperty("evseId", out _), $"A reset of the whole station leaves evseId out, but it was {payload}.");
        var boot = await station.Socket.CallAsync("BootNotification", V201Messages.BootNotification(reason: "RemoteReset"));
        Assert.Equal("Accepted", boot.GetProperty("status").GetString());
    }

    [Fact]
    public async Task TC_B_21_CSMS_A_reset_on_idle_during_a_transaction_is_scheduled_and_the_transaction_ends_first()
    {
        var (station, token) = await ChargingStationAsync();
        station.Socket.OnServerCall = (_, _) => ServerCallAnswer.Result(new { status = "Scheduled" });

        var answer = await Operator.PostAsync($"/api/charge-points/{station.Id}/reset", new { type = "OnIdle" });

        Assert.Equal("Scheduled", answer.GetProperty("status").GetString());
        await station.StopAuthorizedAsync(token);
        await station.EvConnectedPostSessionAsync();
        await station.EvDisconnectedAsync();
        var boot = await station.Socket.CallAsync("BootNotification", V201Messages.BootNotification(reason: "ScheduledReset"));
        Assert.Equal("Accepted", boot.GetProperty("status").GetString());
        await StationRecords.AssertEndedAsync(Host, station, "EVDisconnected");
    }

    [Fact]
    public async Task TC_B_22_CSMS_An_immediate_reset_during_a_transaction_ends_it_as_ImmediateReset()
    {
        var (station, _) = await ChargingStationAsync();

        await Operator.PostAsync($"/api/charge-points/{station.Id}/reset", new { type = "Immediate" });

        Assert.Equal("Immediate", station.Socket.ServerCalls.Last().Payload.GetProperty("type").GetString());
        await station.EventAsync("Ended", "ResetCommand", stoppedReason: "ImmediateReset");
        var boot = await station.Socket.CallAsync("BootNotification", V201Messages.BootNotification(reason: "RemoteReset"));
        Assert.Equal("Accepted", boot.GetProperty("status").GetString());
        await StationRecords.AssertEndedAsync(Host, station, "ImmediateReset");
    }

    [Fact]
    public async Task TC_B_25_CSMS_A_reset_of_one_EVSE_names_it()
    {
        var station = await BootedStationAsync();

        await Operator.PostAsync($"/api/charge-points/{station.Id}/reset", new { type = "OnIdle", evseId = OcttStation.Evse });

        var (_, payload) = Assert.Single(station.Socket.ServerCalls);
        Assert.Equal(OcttStation.Evse, payload.GetProperty("evseId").GetInt32());
    }

    [Fact]
    public async Task TC_B_26_CSMS_A_reset_on_idle_of_a_charging_EVSE_is_scheduled_and_the_transaction_ends_normally()
    {
        var (station, token) = await ChargingStationAsync();
        station.Socket.OnServerCall = (_, _) => ServerCallAnswer.Result(new { status = "Scheduled" });

        var answer = await Operator.PostAsync($"/api/charge-points/{station.Id}/reset", new { type = "OnIdle", evseId = OcttStation.Evse });

        Assert.Equal("Scheduled", answer.GetProperty("status").GetString());
        Assert.Equal(OcttStation.Evse, station.Socket.ServerCalls.Last().Payload.GetProperty("evseId").GetInt32());
        await station.StopAuthorizedAsync(token);
        await station.EvConnectedPostSessionAsync();
        await station.EvDisconnectedAsync();
        await StationRecords.AssertEndedAsync(Host, station, "EVDisconnected");
    }

    [Fact]
    public async Task TC_B_27_CSMS_An_immediate_reset_of_a_charging_EVSE_ends_its_transaction_as_ImmediateReset()
    {
        var (station, _) = await ChargingStationAsync();

        await Operator.PostAsync($"/api/charge-points/{station.Id}/reset", new { type = "Immediate", evseId = OcttStation.Evse });

        Assert.Equal(OcttStation.Evse, station.Socket.ServerCalls.Last().Payload.GetProperty("evseId").GetInt32());
        await station.EventAsync("Ended", "ResetCommand", stoppedReason: "ImmediateReset");
        await StationRecords.AssertEndedAsync(Host, station, "ImmediateReset");
    }

    [Theory]
    [InlineData("Pending")]
    [InlineData("Rejected")]
    public async Task TC_B_30_CSMS_A_station_not_yet_accepted_gets_SecurityError_for_anything_but_a_boot(string held)
    {
        var station = await ConnectedStationAsync();
        await HoldAsync(station.Id, held);

        var boot = await station.Socket.CallAsync("BootNotification", V201Messages.BootNotification());
        var refused = await Assert.ThrowsAsync<OcppCallErrorException>(
            () => station.Socket.CallAsync("StatusNotification", V201Messages.StatusNotification(OcttStation.Evse, "Available")));

        Assert.Equal(held, boot.GetProperty("status").GetString());
        Assert.Equal("SecurityError", refused.ErrorCode);
    }

    [Fact]
    public async Task TC_B_31_CSMS_A_pending_station_is_triggered_to_boot_again_and_accepted()
    {
        var station = await ConnectedStationAsync();
        await HoldAsync(station.Id, "Pending");
        var pending = await station.Socket.CallAsync("BootNotification", V201Messages.BootNotification());
        Assert.Equal("Pending", pending.GetProperty("status").GetString());
        await HoldAsync(station.Id, "Accepted");

        var trigger = await Operator.PostAsync($"/api/charge-points/{station.Id}/trigger", new { requestedMessage = "BootNotification" });

        Assert.Equal("Accepted", trigger.GetProperty("status").GetString());
        var boot = await station.Socket.CallAsync("BootNotification", V201Messages.BootNotification(reason: "Triggered"));
        Assert.Equal("Accepted", boot.GetProperty("status").GetString());
        await station.ConnectorStatusAsync("Available");
    }

    [Theory]
    [InlineData("TC_B_42_CSMS", "Accepted")]
    [InlineData("TC_B_44_CSMS", "Failed")]
    public async Task TC_B_42_44_CSMS_A_network_connection_profile_is_sent_and_the_station_s_answer_reported(string testCase, string stationAnswer)
    {
        var station = await BootedStationAsync();
        station.Socket.OnServerCall = (_, _) => ServerCallAnswer.Result(new { status = stationAnswer });

        var answer = await Operator.PostAsync($"/api/charge-points/{station.Id}/calls/SetNetworkProfile", new
        {
            configurationSlot = 2,
            connectionData = new { ocppVersion = "OCPP20", ocppTransport = "JSON", ocppCsmsUrl = "wss://csms.example.com/ocpp", messageTimeout = 30, securityProfile = 2, ocppInterface = "Wired0" },
        });

        Assert.True(answer.GetProperty("status").GetString() == stationAnswer, $"{testCase}: expected the station's {stationAnswer} to reach the operator, but it was {answer}.");
        var (action, payload) = Assert.Single(station.Socket.ServerCalls);
        Assert.Equal("SetNetworkProfile", action);
        Assert.Equal("OCPP20", payload.GetProperty("connectionData").GetProperty("ocppVersion").GetString());
        Assert.Equal("JSON", payload.GetProperty("connectionData").GetProperty("ocppTransport").GetString());
    }

    [Fact]
    public async Task TC_B_58_CSMS_A_handshake_offering_no_known_subprotocol_is_refused_and_one_offering_2_0_1_too_is_upgraded()
    {
        var id = Fresh.ChargePointId();

        await Assert.ThrowsAsync<System.Net.WebSockets.WebSocketException>(() => TestChargePoint.OpenAsync(Host.OcppUri(id), id, null, ["ocpp0.1"]));
        using var socket = await TestChargePoint.OpenAsync(Host.OcppUri(id), id, null, ["ocpp0.1", "ocpp2.0.1"]);

        Assert.Equal("ocpp2.0.1", socket.SubProtocol);
        await socket.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
    }

    private static object Variable(string component, string variable, string? instance = null) =>
        new { component = new { name = component }, variable = new { name = variable, instance } };

    private static object GetVariablesAnswer(JsonElement request, string value) => new
    {
        getVariableResult = request.GetProperty("getVariableData").EnumerateArray().Select(d => new
        {
            attributeStatus = "Accepted",
            attributeValue = value,
            component = JsonSerializer.Deserialize<JsonElement>(d.GetProperty("component").GetRawText()),
            variable = JsonSerializer.Deserialize<JsonElement>(d.GetProperty("variable").GetRawText()),
        }).ToArray(),
    };

    private static object SetVariablesAnswer(JsonElement request) => new
    {
        setVariableResult = request.GetProperty("setVariableData").EnumerateArray().Select(d => new
        {
            attributeStatus = "Accepted",
            component = JsonSerializer.Deserialize<JsonElement>(d.GetProperty("component").GetRawText()),
            variable = JsonSerializer.Deserialize<JsonElement>(d.GetProperty("variable").GetRawText()),
        }).ToArray(),
    };

    private static object Report(int requestId, int seqNo, bool tbc, params (string Component, string Variable, string Value)[] variables) => new
    {
        requestId,
        generatedAt = V201Messages.Timestamp(DateTimeOffset.UtcNow),
        tbc,
        seqNo,
        reportData = variables.Select(v => new
        {
            component = new { name = v.Component },
            variable = new { name = v.Variable },
            variableAttribute = new[] { new { type = "Actual", value = v.Value, mutability = "ReadWrite" } },
            variableCharacteristics = new { dataType = "integer", supportsMonitoring = false },
        }).ToArray(),
    };

    /// <summary>The station reports, as its base report would, how many variables it takes per GetVariables.</summary>
    private static Task ReportItemsPerMessageAsync(OcttStation station, int items) => station.AcknowledgedAsync("NotifyReport", new
    {
        requestId = 0,
        generatedAt = V201Messages.Timestamp(DateTimeOffset.UtcNow),
        seqNo = 0,
        reportData = new[]
        {
            new
            {
                component = new { name = "DeviceDataCtrlr" },
                variable = new { name = "ItemsPerMessage", instance = "GetVariables" },
                variableAttribute = new[] { new { type = "Actual", value = items.ToString(System.Globalization.CultureInfo.InvariantCulture), mutability = "ReadOnly" } },
            },
        },
    });

    private async Task HoldAsync(string stationId, string status)
    {
        var response = await Host.Api.PutAsJsonAsync($"/api/charge-points/{stationId}/boot-status", new { status });
        Assert.True(response.StatusCode == HttpStatusCode.NoContent, $"Expected holding {stationId} at {status} to succeed, but got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}.");
    }



}
