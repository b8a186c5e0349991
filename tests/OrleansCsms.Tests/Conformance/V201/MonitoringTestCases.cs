using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Conformance.V201;

/// <summary>
/// OCTT 2.0.1 block N (diagnostics), monitoring, CSMS side: monitoring reports by criteria and component, the
/// monitoring base and level, setting and clearing monitors within the station's per-message limits, and the events
/// monitors raise.
/// </summary>
[Collection(OcttV201Collection.Name)]
public sealed class MonitoringTestCases(CsmsHostFixture fixture) : StationTestCases(fixture)
{
    private static readonly object EvseAvailability = new { component = new { name = "EVSE", evse = new { id = OcttStation.Evse } }, variable = new { name = "AvailabilityState" } };

    [Fact]
    public async Task TC_N_01_CSMS_A_monitoring_report_by_criteria_is_asked_for_and_an_empty_one_told_apart()
    {
        var station = await BootedStationAsync();
        station.Socket.OnServerCall = (_, payload) => ServerCallAnswer.Result(new
        {
            status = payload.GetProperty("monitoringCriteria")[0].GetString() == "DeltaMonitoring" ? "EmptyResultSet" : "Accepted",
        });

        var delta = await Operator.PostAsync($"/api/charge-points/{station.Id}/monitoring/reports", new { monitoringCriteria = new[] { "DeltaMonitoring" } });
        var threshold = await Operator.PostAsync($"/api/charge-points/{station.Id}/monitoring/reports", new { monitoringCriteria = new[] { "ThresholdMonitoring" } });

        Assert.Equal("EmptyResultSet", delta.GetProperty("status").GetString());
        Assert.Equal("Accepted", threshold.GetProperty("status").GetString());
        var requests = station.Socket.ServerCalls.ToList();
        Assert.All(requests, r => Assert.Equal("GetMonitoringReport", r.Action));
        Assert.All(requests, r => Assert.False(r.Payload.TryGetProperty("componentVariable", out _), $"Expected no componentVariable in {r.Payload}."));
        var requestId = threshold.GetProperty("requestId").GetInt32();
        Assert.Equal(requestId, requests[1].Payload.GetProperty("requestId").GetInt32());

        await station.AcknowledgedAsync("NotifyMonitoringReport", Report(requestId, 0, tbc: false, (11, "UpperThreshold", 32m)));

        var monitoring = await MonitoringAsync(station);
        var report = monitoring.GetProperty("reports").EnumerateArray().Single(r => r.GetProperty("requestId").GetInt32() == requestId);
        Assert.True(report.GetProperty("complete").GetBoolean(), $"Expected the monitoring report whose only part arrived to be complete: {report}.");
        var monitor = Assert.Single(monitoring.GetProperty("monitors").EnumerateArray());
        Assert.Equal((11, "UpperThreshold", "Reported"), (monitor.GetProperty("id").GetInt32(), monitor.GetProperty("type").GetString(), monitor.GetProperty("origin").GetString()));
    }

    [Fact]
    public async Task TC_N_02_CSMS_A_monitoring_report_of_one_component_variable_is_asked_for_and_kept()
    {
        var station = await BootedStationAsync();

        var answer = await Operator.PostAsync($"/api/charge-points/{station.Id}/monitoring/reports", new { componentVariables = new[] { EvseAvailability } });

        var (action, payload) = Assert.Single(station.Socket.ServerCalls);
        Assert.Equal("GetMonitoringReport", action);
        Assert.False(payload.TryGetProperty("monitoringCriteria", out _), $"Expected no monitoringCriteria when none were given: {payload}.");
        var asked = Assert.Single(payload.GetProperty("componentVariable").EnumerateArray());
        Assert.Equal("EVSE", asked.GetProperty("component").GetProperty("name").GetString());
        Assert.False(asked.GetProperty("component").TryGetProperty("instance", out _), "The 2025-06 errata leave the instance out.");
        Assert.Equal("AvailabilityState", asked.GetProperty("variable").GetProperty("name").GetString());
        var requestId = answer.GetProperty("requestId").GetInt32();
        await station.AcknowledgedAsync("NotifyMonitoringReport", Report(requestId, 0, tbc: false, (21, "Delta", 1m)));
        var monitor = Assert.Single((await MonitoringAsync(station)).GetProperty("monitors").EnumerateArray());
        Assert.Equal(OcttStation.Evse, monitor.GetProperty("component").GetProperty("evseId").GetInt32());
    }

    [Fact]
    public async Task TC_N_03_CSMS_A_monitoring_report_by_criteria_and_component_variable_is_asked_for()
    {
        var station = await BootedStationAsync();

        var answer = await Operator.PostAsync($"/api/charge-points/{station.Id}/monitoring/reports", new
        {
            monitoringCriteria = new[] { "DeltaMonitoring" },
            componentVariables = new[] { EvseAvailability },
        });

        var (_, payload) = Assert.Single(station.Socket.ServerCalls);
        Assert.Equal("DeltaMonitoring", Assert.Single(payload.GetProperty("monitoringCriteria").EnumerateArray()).GetString());
        Assert.Equal(1, payload.GetProperty("componentVariable").GetArrayLength());
        await station.AcknowledgedAsync("NotifyMonitoringReport", Report(answer.GetProperty("requestId").GetInt32(), 0, tbc: false, (31, "Delta", 1m)));
        Assert.Single((await MonitoringAsync(station)).GetProperty("monitors").EnumerateArray());
    }

    [Fact]
    public async Task TC_N_05_CSMS_Each_monitoring_base_is_set_in_turn_and_the_last_accepted_kept()
    {
        var station = await BootedStationAsync();
        station.Socket.OnServerCall = (action, _) => action == "SetVariableMonitoring"
            ? ServerCallAnswer.Result(new { setMonitoringResult = new[] { MonitorResult(5, "Accepted", "Delta", 8) } })
            : ServerCallAnswer.Result(new { status = "Accepted" });
        await Operator.PostAsync($"/api/charge-points/{station.Id}/monitoring/monitors", new { items = new[] { DeltaMonitor() } });

        foreach (var monitoringBase in new[] { "All", "FactoryDefault", "HardWiredOnly" })
        {
            var answer = await Operator.PostAsync($"/api/charge-points/{station.Id}/monitoring/base", new { monitoringBase });
            Assert.Equal("Accepted", answer.GetProperty("status").GetString());
        }

        var sent = station.Socket.ServerCalls.Where(c => c.Action == "SetMonitoringBase").Select(c => c.Payload.GetProperty("monitoringBase").GetString()).ToList();
        Assert.Equal(["All", "FactoryDefault", "HardWiredOnly"], sent);
        var monitoring = await MonitoringAsync(station);
        Assert.Equal("HardWiredOnly", monitoring.GetProperty("monitoringBase").GetString());
        Assert.True(monitoring.GetProperty("monitors").GetArrayLength() == 0, $"Expected FactoryDefault to remove the monitor the CSMS set: {monitoring}.");
    }

    [Fact]
    public async Task TC_N_08_CSMS_One_delta_monitor_is_set_and_kept()
    {
        var station = await BootedStationAsync();
        station.Socket.OnServerCall = (action, _) => action == "SetVariableMonitoring"
            ? ServerCallAnswer.Result(new { setMonitoringResult = new[] { MonitorResult(7, "Accepted", "Delta", 8) } })
            : ServerCallAnswer.Result(new { getVariableResult = Array.Empty<object>() });

        var answer = await Operator.PostAsync($"/api/charge-points/{station.Id}/monitoring/monitors", new { items = new[] { DeltaMonitor() } });

        var (_, payload) = station.Socket.ServerCalls.Single(c => c.Action == "SetVariableMonitoring");
        var data = Assert.Single(payload.GetProperty("setMonitoringData").EnumerateArray());
        Assert.Equal("EVSE", data.GetProperty("component").GetProperty("name").GetString());
        Assert.Equal(OcttStation.Evse, data.GetProperty("component").GetProperty("evse").GetProperty("id").GetInt32());
        Assert.Equal("AvailabilityState", data.GetProperty("variable").GetProperty("name").GetString());
        Assert.Equal(("Delta", 1m, 8), (data.GetProperty("type").GetString(), data.GetProperty("value").GetDecimal(), data.GetProperty("severity").GetInt32()));
        Assert.Equal("Accepted", answer.GetProperty("results")[0].GetProperty("status").GetString());
        var monitor = Assert.Single((await MonitoringAsync(station)).GetProperty("monitors").EnumerateArray());
        Assert.Equal((7, 1m, "Set"), (monitor.GetProperty("id").GetInt32(), monitor.GetProperty("value").GetDecimal(), monitor.GetProperty("origin").GetString()));
    }

    [Fact]
    public async Task TC_N_09_CSMS_Several_monitors_are_set_in_one_request_with_a_result_each()
    {
        var station = await BootedStationAsync();
        station.Socket.OnServerCall = (action, _) => action == "SetVariableMonitoring"
            ? ServerCallAnswer.Result(new
            {
                setMonitoringResult = new[]
                {
                    MonitorResult(8, "Accepted", "Delta", 8),
                    MonitorResult(9, "Accepted", "Periodic", 8),
                    MonitorResult(null, "UnsupportedMonitorType", "UpperThreshold", 5),
                },
            })
            : ServerCallAnswer.Result(new { getVariableResult = Array.Empty<object>() });

        var answer = await Operator.PostAsync($"/api/charge-points/{station.Id}/monitoring/monitors", new
        {
            items = new[] { DeltaMonitor(), DeltaMonitor("Periodic", 60), DeltaMonitor("UpperThreshold", 3, severity: 5) },
        });

        var (_, payload) = station.Socket.ServerCalls.Single(c => c.Action == "SetVariableMonitoring");
        Assert.Equal(3, payload.GetProperty("setMonitoringData").GetArrayLength());
        Assert.Equal(3, answer.GetProperty("results").GetArrayLength());
        var monitoring = await MonitoringAsync(station);
        Assert.Equal([8, 9], monitoring.GetProperty("monitors").EnumerateArray().Select(m => m.GetProperty("id").GetInt32()));
        var refused = monitoring.GetProperty("latestResults").EnumerateArray().Single(r => r.GetProperty("status").GetString() == "UnsupportedMonitorType");
        Assert.Equal(3m, refused.GetProperty("value").GetDecimal());
    }

    [Fact]
    public async Task TC_N_16_CSMS_The_monitoring_level_is_set_and_kept()
    {
        var station = await BootedStationAsync();

        var answer = await Operator.PostAsync($"/api/charge-points/{station.Id}/monitoring/level", new { severity = 4 });

        var (action, payload) = Assert.Single(station.Socket.ServerCalls);
        Assert.Equal(("SetMonitoringLevel", 4), (action, payload.GetProperty("severity").GetInt32()));
        Assert.Equal("Accepted", answer.GetProperty("status").GetString());
        Assert.Equal(4, (await MonitoringAsync(station)).GetProperty("monitoringLevel").GetInt32());
    }

    [Fact]
    public async Task TC_N_17_CSMS_A_level_out_of_range_is_refused_unsent_and_a_rejected_one_not_kept()
    {
        var station = await BootedStationAsync();
        station.Socket.OnServerCall = (_, _) => ServerCallAnswer.Result(new { status = "Rejected" });

        var outOfRange = await Host.Api.PostAsJsonAsync($"/api/charge-points/{station.Id}/monitoring/level", new { severity = 10 });
        var rejected = await Operator.PostAsync($"/api/charge-points/{station.Id}/monitoring/level", new { severity = 9 });

        Assert.Equal(HttpStatusCode.BadRequest, outOfRange.StatusCode);
        Assert.Contains("severity", await outOfRange.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var (_, payload) = Assert.Single(station.Socket.ServerCalls);
        Assert.Equal(9, payload.GetProperty("severity").GetInt32());
        Assert.Equal("Rejected", rejected.GetProperty("status").GetString());
        var monitoring = await MonitoringAsync(station);
        Assert.True(monitoring.GetProperty("monitoringLevel").ValueKind == JsonValueKind.Null, $"Expected a rejected level not to be kept: {monitoring}.");
    }

    [Fact]
    public async Task TC_N_18_CSMS_Clearing_more_monitors_than_the_station_takes_per_message_reads_its_limit_and_splits()
    {
        var station = await BootedStationAsync();
        station.Socket.OnServerCall = (action, payload) => action == "GetVariables"
            ? ServerCallAnswer.Result(new
            {
                getVariableResult = payload.GetProperty("getVariableData").EnumerateArray().Select(d => d.GetProperty("variable").GetProperty("name").GetString() == "ItemsPerMessage"
                    ? (object)new { attributeStatus = "Accepted", attributeValue = "3", component = new { name = "MonitoringCtrlr" }, variable = new { name = "ItemsPerMessage", instance = "ClearVariableMonitoring" } }
                    : new { attributeStatus = "UnknownVariable", component = new { name = "MonitoringCtrlr" }, variable = new { name = "BytesPerMessage", instance = "ClearVariableMonitoring" } }).ToArray(),
            })
            : ServerCallAnswer.Result(new
            {
                clearMonitoringResult = payload.GetProperty("id").EnumerateArray().Select(id => new { status = "Accepted", id = id.GetInt32() }).ToArray(),
            });

        var answer = await Operator.PostAsync($"/api/charge-points/{station.Id}/monitoring/monitors/clear", new { ids = new[] { 1, 2, 3, 4, 5 } });

        var calls = station.Socket.ServerCalls.ToList();
        Assert.Equal("GetVariables", calls[0].Action);
        var read = calls[0].Payload.GetProperty("getVariableData")[0];
        Assert.Equal(("MonitoringCtrlr", "ClearVariableMonitoring"), (read.GetProperty("component").GetProperty("name").GetString(), read.GetProperty("variable").GetProperty("instance").GetString()));
        var sizes = calls.Where(c => c.Action == "ClearVariableMonitoring").Select(c => c.Payload.GetProperty("id").GetArrayLength()).ToList();
        Assert.True(sizes.Count >= 2 && sizes.All(s => s <= 3), $"Expected two or more ClearVariableMonitoring of at most 3 ids, but they had {string.Join(", ", sizes)}.");
        Assert.Equal(5, answer.GetProperty("results").GetArrayLength());
        Assert.Equal(sizes.Count, answer.GetProperty("messages").GetInt32());
    }

    [Fact]
    public async Task TC_N_44_CSMS_A_monitor_the_station_refuses_to_clear_stays_known()
    {
        var station = await BootedStationAsync();
        station.Socket.OnServerCall = (action, _) => action switch
        {
            "SetVariableMonitoring" => ServerCallAnswer.Result(new { setMonitoringResult = new[] { MonitorResult(44, "Accepted", "Delta", 8) } }),
            "ClearVariableMonitoring" => ServerCallAnswer.Result(new { clearMonitoringResult = new[] { new { status = "Rejected", id = 44 } } }),
            _ => ServerCallAnswer.Result(new { getVariableResult = Array.Empty<object>() }),
        };
        await Operator.PostAsync($"/api/charge-points/{station.Id}/monitoring/monitors", new { items = new[] { DeltaMonitor() } });

        var answer = await Operator.PostAsync($"/api/charge-points/{station.Id}/monitoring/monitors/clear", new { ids = new[] { 44 } });

        Assert.Equal("Rejected", answer.GetProperty("results")[0].GetProperty("status").GetString());
        var (_, payload) = station.Socket.ServerCalls.Single(c => c.Action == "ClearVariableMonitoring");
        Assert.Equal(44, Assert.Single(payload.GetProperty("id").EnumerateArray()).GetInt32());
        Assert.Equal(44, Assert.Single((await MonitoringAsync(station)).GetProperty("monitors").EnumerateArray()).GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task TC_N_47_CSMS_A_report_of_all_monitors_is_asked_for_and_its_parts_assembled()
    {
        var station = await BootedStationAsync();

        var answer = await Operator.PostAsync($"/api/charge-points/{station.Id}/monitoring/reports", new { });

        var (_, payload) = Assert.Single(station.Socket.ServerCalls);
        Assert.Equal(["requestId"], payload.EnumerateObject().Select(p => p.Name));
        var requestId = answer.GetProperty("requestId").GetInt32();
        await station.AcknowledgedAsync("NotifyMonitoringReport", Report(requestId, 0, tbc: true, (1, "UpperThreshold", 40m)));
        await station.AcknowledgedAsync("NotifyMonitoringReport", Report(requestId, 0, tbc: true, (1, "UpperThreshold", 40m)));
        await station.AcknowledgedAsync("NotifyMonitoringReport", Report(requestId, 1, tbc: false, (2, "LowerThreshold", 5m)));

        var monitoring = await MonitoringAsync(station);
        var report = monitoring.GetProperty("reports").EnumerateArray().Single(r => r.GetProperty("requestId").GetInt32() == requestId);
        Assert.Equal((2, true), (report.GetProperty("partsReceived").GetInt32(), report.GetProperty("complete").GetBoolean()));
        Assert.Equal([1, 2], monitoring.GetProperty("monitors").EnumerateArray().Select(m => m.GetProperty("id").GetInt32()));
    }

    [Fact]
    public async Task TC_N_60_CSMS_A_monitoring_report_by_criteria_and_several_component_variables_is_asked_for()
    {
        var station = await BootedStationAsync();
        var connectorAvailability = new { component = new { name = "Connector", evse = new { id = OcttStation.Evse, connectorId = OcttStation.Connector } }, variable = new { name = "AvailabilityState" } };

        var answer = await Operator.PostAsync($"/api/charge-points/{station.Id}/monitoring/reports", new
        {
            monitoringCriteria = new[] { "ThresholdMonitoring", "DeltaMonitoring", "PeriodicMonitoring" },
            componentVariables = new[] { EvseAvailability, connectorAvailability },
        });

        var (_, payload) = Assert.Single(station.Socket.ServerCalls);
        Assert.Equal(3, payload.GetProperty("monitoringCriteria").GetArrayLength());
        Assert.Equal(["EVSE", "Connector"], payload.GetProperty("componentVariable").EnumerateArray().Select(c => c.GetProperty("component").GetProperty("name").GetString()));
        await station.AcknowledgedAsync("NotifyMonitoringReport", Report(answer.GetProperty("requestId").GetInt32(), 0, tbc: false, (61, "Delta", 1m)));
    }

    [Fact]
    public async Task TC_N_21_CSMS_An_alert_from_a_hard_wired_monitor_is_answered_and_kept()
    {
        var station = await BootedStationAsync();

        await station.AcknowledgedAsync("NotifyEvent", Event("Alerting", "Faulted", "HardWiredMonitor", "EVSE", "AvailabilityState"));

        var stored = await LatestEventAsync(station);
        Assert.Equal(("HardWiredMonitor", "Alerting", "Faulted"), (stored.GetProperty("notificationType").GetString(), stored.GetProperty("trigger").GetString(), stored.GetProperty("actualValue").GetString()));
    }

    [Fact]
    public async Task TC_N_24_CSMS_A_periodic_monitor_is_set_and_each_of_its_events_answered()
    {
        var station = await BootedStationAsync();
        station.Socket.OnServerCall = (action, _) => action == "SetVariableMonitoring"
            ? ServerCallAnswer.Result(new { setMonitoringResult = new[] { MonitorResult(24, "Accepted", "Periodic", 8) } })
            : ServerCallAnswer.Result(new { getVariableResult = Array.Empty<object>() });
        await Operator.PostAsync($"/api/charge-points/{station.Id}/monitoring/monitors", new { items = new[] { DeltaMonitor("Periodic", 10) } });

        for (var i = 0; i < 3; i++)
        {
            await station.AcknowledgedAsync("NotifyEvent", Event("Periodic", "Available", "CustomMonitor", "EVSE", "AvailabilityState", monitorId: 24));
        }

        var events = await Operator.GetAsync($"/api/charge-points/{station.Id}/device-model/events");
        var periodic = events.GetProperty("items").EnumerateArray().Where(e => e.GetProperty("trigger").GetString() == "Periodic").ToList();
        Assert.Equal(3, periodic.Count);
        Assert.All(periodic, e => Assert.Equal(24, e.GetProperty("variableMonitoringId").GetInt32()));
    }

    [Fact]
    public async Task TC_N_48_CSMS_An_alert_on_a_write_only_variable_without_a_value_is_answered_and_keeps_no_value()
    {
        var station = await BootedStationAsync();
        await station.AcknowledgedAsync("NotifyReport", new
        {
            requestId = 0,
            generatedAt = V201Messages.Timestamp(DateTimeOffset.UtcNow),
            seqNo = 0,
            reportData = new[]
            {
                new
                {
                    component = new { name = "SecurityCtrlr" },
                    variable = new { name = "BasicAuthPassword" },
                    variableAttribute = new[] { new { type = "Actual", mutability = "WriteOnly" } },
                },
            },
        });

        await station.AcknowledgedAsync("NotifyEvent", Event("Alerting", "", "CustomMonitor", "SecurityCtrlr", "BasicAuthPassword", evse: false));

        Assert.Equal("", (await LatestEventAsync(station)).GetProperty("actualValue").GetString());
        var model = await Operator.GetAsync($"/api/charge-points/{station.Id}/device-model?component=SecurityCtrlr");
        var attribute = Assert.Single(model.GetProperty("variables")[0].GetProperty("attributes").EnumerateArray());
        Assert.True(attribute.GetProperty("value").ValueKind == JsonValueKind.Null, $"Expected a write-only variable to keep no value: {attribute}.");
    }

    [Fact]
    public async Task TC_N_49_CSMS_Threshold_alerts_cleared_after_a_reboot_are_answered_and_kept_as_cleared()
    {
        var station = await BootedStationAsync();
        await station.AcknowledgedAsync("NotifyEvent", Event("Alerting", "250", "CustomMonitor", "EVSE", "Power", monitorId: 491));

        await station.BootAsync();
        await station.AcknowledgedAsync("NotifyEvent", Event("Alerting", "0", "CustomMonitor", "EVSE", "Power", monitorId: 491, cleared: true));

        var stored = await LatestEventAsync(station);
        Assert.True(stored.GetProperty("cleared").GetBoolean(), $"Expected the event to be kept as cleared: {stored}.");
        Assert.Equal(491, stored.GetProperty("variableMonitoringId").GetInt32());
    }

    [Fact]
    public async Task TC_N_50_CSMS_An_event_of_a_clock_aligned_periodic_monitor_is_answered()
    {
        var station = await BootedStationAsync();

        await station.AcknowledgedAsync("NotifyEvent", Event("Periodic", "Available", "CustomMonitor", "EVSE", "AvailabilityState", monitorId: 50));

        Assert.Equal("Periodic", (await LatestEventAsync(station)).GetProperty("trigger").GetString());
    }

    private Task<JsonElement> MonitoringAsync(OcttStation station) => Operator.GetAsync($"/api/charge-points/{station.Id}/monitoring");

    private async Task<JsonElement> LatestEventAsync(OcttStation station) =>
        (await Operator.GetAsync($"/api/charge-points/{station.Id}/device-model/events")).GetProperty("items")[0];

    private static object DeltaMonitor(string type = "Delta", decimal value = 1, int severity = 8) => new
    {
        component = new { name = "EVSE", evse = new { id = OcttStation.Evse } },
        variable = new { name = "AvailabilityState" },
        type,
        value,
        severity,
    };

    private static object MonitorResult(int? id, string status, string type, int severity) => new
    {
        id,
        status,
        type,
        severity,
        component = new { name = "EVSE", evse = new { id = OcttStation.Evse } },
        variable = new { name = "AvailabilityState" },
    };

    private static object Report(int requestId, int seqNo, bool tbc, params (int Id, string Type, decimal Value)[] monitors) => new
    {
        requestId,
        seqNo,
        tbc,
        generatedAt = V201Messages.Timestamp(DateTimeOffset.UtcNow),
        monitor = new[]
        {
            new
            {
                component = new { name = "EVSE", evse = new { id = OcttStation.Evse } },
                variable = new { name = "AvailabilityState" },
                variableMonitoring = monitors.Select(m => new { id = m.Id, transaction = false, value = m.Value, type = m.Type, severity = 8 }).ToArray(),
            },
        },
    };

    private static object Event(
        string trigger, string actualValue, string notificationType, string component, string variable, int? monitorId = null, bool? cleared = null, bool evse = true)
    {
        var eventData = new
        {
            eventId = Random.Shared.Next(1, int.MaxValue),
            timestamp = V201Messages.Timestamp(DateTimeOffset.UtcNow),
            trigger,
            actualValue,
            component = evse ? (object)new { name = component, evse = new { id = OcttStation.Evse } } : new { name = component },
            variable = new { name = variable },
            eventNotificationType = notificationType,
            variableMonitoringId = monitorId,
            cleared,
        };
        return new { generatedAt = V201Messages.Timestamp(DateTimeOffset.UtcNow), seqNo = 0, eventData = new[] { eventData } };
    }
}
