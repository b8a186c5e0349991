using System.Text.Json.Nodes;
using OrleansCsms.Ocpp;
using OrleansCsms.Ocpp.V201;

namespace OrleansCsms.Simulator.Tests;

/// <summary>The simulator speaking 2.0.1 to a CSMS that checks every frame against the official 2.0.1 schemas.</summary>
public sealed class V201StationTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private V201TestCsms _csms = null!;

    public async Task InitializeAsync() => _csms = await V201TestCsms.StartAsync();

    public async Task DisposeAsync() => await _csms.DisposeAsync();

    [Fact]
    public async Task A_fleet_boots_and_charges_with_transaction_events_numbered_per_transaction_and_every_frame_valid()
    {
        var settings = Settings("V201F", chargePoints: 2) with { SessionsPerChargePoint = 2, KeepTransactions = true };

        await using var simulation = new Simulation(settings);
        simulation.Start();
        using (var timeout = new CancellationTokenSource(Patience))
        {
            await simulation.WhenSessionsDoneAsync(timeout.Token);
        }

        await simulation.StopAsync(TimeSpan.FromSeconds(5));
        Assert.Empty(_csms.Violations);
        Assert.Empty(simulation.Metrics.Errors);
        var boot = _csms.Calls.First(c => c.Action == "BootNotification").Payload;
        Assert.Equal("PowerUp", (string?)boot["reason"]);
        Assert.Equal(settings.Model, (string?)boot["chargingStation"]!["model"]);
        Assert.Contains(_csms.Calls, c => c.Action == "StatusNotification" && (string?)c.Payload["connectorStatus"] == "Occupied");
        Assert.Equal(4, _csms.Calls.Count(c => c.Action == "Authorize"));

        var completed = simulation.Metrics.CompletedTransactions;
        Assert.Equal(4, completed.Count);
        foreach (var sent in completed)
        {
            var events = _csms.TransactionEvents(sent.ChargePointId)
                .Where(e => (string?)e["transactionInfo"]!["transactionId"] == sent.StationTransactionId)
                .ToList();
            Assert.Equal(Enumerable.Range(0, events.Count), events.Select(e => (int)e["seqNo"]!));
            Assert.Equal(["Started", .. Enumerable.Repeat("Updated", events.Count - 2), "Ended"], events.Select(e => (string)e["eventType"]!));
            Assert.Equal(4, events.Count(e => (string?)e["eventType"] == "Updated"));
            Assert.Equal("Authorized", (string?)events[0]["triggerReason"]);
            Assert.Equal(sent.IdTag, (string?)events[0]["idToken"]!["idToken"]);
            Assert.Equal(sent.MeterStart, RegisterOf(events[0]));
            Assert.Equal("Local", (string?)events[^1]["transactionInfo"]!["stoppedReason"]);
            Assert.Equal("StopAuthorized", (string?)events[^1]["triggerReason"]);
            Assert.Equal(sent.MeterStop, RegisterOf(events[^1]));
            Assert.All(events, e => Assert.Null(e["offline"]));
        }
    }

    [Fact]
    public async Task Events_of_a_transaction_charged_offline_are_replayed_in_order_with_the_offline_flag()
    {
        var settings = Settings("V201O", chargePoints: 1) with
        {
            SessionsPerChargePoint = 1,
            SessionLength = TimeSpan.FromMinutes(6),
            MeterInterval = TimeSpan.FromMinutes(1),
            Speed = 120,
            KeepTransactions = true,
        };
        var identity = settings.IdentityOf(1);
        await using var simulation = new Simulation(settings);
        simulation.Start();
        await Until(() => _csms.TransactionEvents(identity).Count >= 1, $"the Started event of {identity}");

        _csms.RefuseConnections(true);
        _csms.Drop(identity);
        await Until(() => simulation.ChargePoints[0].QueuedMessages >= 2, $"{identity} queueing events while offline");
        _csms.RefuseConnections(false);
        using (var timeout = new CancellationTokenSource(Patience))
        {
            await simulation.WhenSessionsDoneAsync(timeout.Token);
        }

        await simulation.StopAsync(TimeSpan.FromSeconds(5));
        Assert.Empty(_csms.Violations);
        var events = _csms.TransactionEvents(identity);
        Assert.Single(events.Select(e => (string?)e["transactionInfo"]!["transactionId"]).Distinct());
        Assert.Equal(Enumerable.Range(0, events.Count), events.Select(e => (int)e["seqNo"]!));
        Assert.Equal("Ended", (string?)events[^1]["eventType"]);
        Assert.Contains(events, e => (bool?)e["offline"] == true);
        Assert.Null(events[0]["offline"]);
        Assert.Single(simulation.Metrics.CompletedTransactions);
    }

    [Fact]
    public async Task Remote_start_and_stop_run_a_transaction_and_the_other_csms_calls_get_plausible_answers()
    {
        var settings = Settings("V201R", chargePoints: 1) with { AutoSessions = false, SessionLength = TimeSpan.FromHours(1), Speed = 1 };
        var identity = settings.IdentityOf(1);
        await using var simulation = new Simulation(settings);
        simulation.Start();
        Assert.True(await simulation.WaitForAcceptedAsync(1, Patience, CancellationToken.None), $"Expected {identity} to boot.");

        var start = await _csms.CallAsync(identity, "RequestStartTransaction", new RequestStartTransactionRequest
        {
            IdToken = new IdTokenType { IdToken = "REMOTE-1", Type = IdTokenEnumType.Central },
            RemoteStartId = 77,
            EvseId = 1,
        });
        Assert.Equal("Accepted", (string?)start["status"]);
        await Until(() => _csms.TransactionEvents(identity).Count >= 1, $"the remote-started transaction of {identity}");
        var started = _csms.TransactionEvents(identity)[0];
        Assert.Equal("RemoteStart", (string?)started["triggerReason"]);
        Assert.Equal(77, (int?)started["transactionInfo"]!["remoteStartId"]);
        var transactionId = (string)started["transactionInfo"]!["transactionId"]!;

        Assert.Equal("OngoingAuthorizedTransaction", (string?)(await _csms.CallAsync(identity, "UnlockConnector", new UnlockConnectorRequest { EvseId = 1, ConnectorId = 1 }))["status"]);
        var stop = await _csms.CallAsync(identity, "RequestStopTransaction", new RequestStopTransactionRequest { TransactionId = transactionId });
        Assert.Equal("Accepted", (string?)stop["status"]);
        await Until(() => _csms.TransactionEvents(identity)[^1]["eventType"]?.GetValue<string>() == "Ended", $"the Ended event of {transactionId}");
        var ended = _csms.TransactionEvents(identity)[^1];
        Assert.Equal("Remote", (string?)ended["transactionInfo"]!["stoppedReason"]);
        Assert.Equal("RemoteStop", (string?)ended["triggerReason"]);
        Assert.Equal("Rejected", (string?)(await _csms.CallAsync(identity, "RequestStopTransaction", new RequestStopTransactionRequest { TransactionId = transactionId }))["status"]);

        var variables = await _csms.CallAsync(identity, "GetVariables", new GetVariablesRequest
        {
            GetVariableData =
            [
                Variable("OCPPCommCtrlr", "HeartbeatInterval"),
                Variable("SecurityCtrlr", "BasicAuthPassword"),
                Variable("Teleporter", "Range"),
                Variable("OCPPCommCtrlr", "WarpFactor"),
            ],
        });
        var results = variables["getVariableResult"]!.AsArray();
        Assert.Equal(["Accepted", "Rejected", "UnknownComponent", "UnknownVariable"], results.Select(r => (string)r!["attributeStatus"]!));
        Assert.Equal("300", (string?)results[0]!["attributeValue"]);

        var set = await _csms.CallAsync(identity, "SetVariables", new SetVariablesRequest
        {
            SetVariableData =
            [
                new SetVariableDataType { Component = new ComponentType { Name = "OCPPCommCtrlr" }, Variable = new VariableType { Name = "HeartbeatInterval" }, AttributeValue = "1" },
                new SetVariableDataType { Component = new ComponentType { Name = "SampledDataCtrlr" }, Variable = new VariableType { Name = "TxUpdatedInterval" }, AttributeValue = "soon" },
                new SetVariableDataType { Component = new ComponentType { Name = "DeviceDataCtrlr" }, Variable = new VariableType { Name = "ItemsPerMessage" }, AttributeValue = "99" },
            ],
        });
        Assert.Equal(["Accepted", "Rejected", "Rejected"], set["setVariableResult"]!.AsArray().Select(r => (string)r!["attributeStatus"]!));
        await Until(() => _csms.Calls.Any(c => c.Identity == identity && c.Action == "Heartbeat"), $"a heartbeat of {identity} at the new 1 s interval");

        var availability = await _csms.CallAsync(identity, "ChangeAvailability", new ChangeAvailabilityRequest
        {
            OperationalStatus = OperationalStatusEnumType.Inoperative,
            Evse = new EVSEType { Id = 1 },
        });
        Assert.Equal("Accepted", (string?)availability["status"]);
        await Until(
            () => _csms.Calls.Any(c => c.Identity == identity && c.Action == "StatusNotification" && (string?)c.Payload["connectorStatus"] == "Unavailable"),
            $"{identity} reporting EVSE 1 Unavailable");

        var trigger = await _csms.CallAsync(identity, "TriggerMessage", new TriggerMessageRequest { RequestedMessage = MessageTriggerEnumType.MeterValues });
        Assert.Equal("Accepted", (string?)trigger["status"]);
        await Until(() => _csms.Calls.Any(c => c.Identity == identity && c.Action == "MeterValues"), $"the triggered MeterValues of {identity}");

        Assert.Equal("Accepted", (string?)(await _csms.CallAsync(identity, "Reset", new ResetRequest { Type = ResetEnumType.Immediate }))["status"]);
        await Until(
            () => _csms.Calls.Any(c => c.Identity == identity && c.Action == "BootNotification" && (string?)c.Payload["reason"] == "RemoteReset"),
            $"{identity} booting again with reason RemoteReset");
        Assert.Empty(_csms.Violations);
    }

    [Fact]
    public async Task Every_action_a_station_floods_with_is_valid_2_0_1()
    {
        var settings = Settings("V201X", chargePoints: 1) with
        {
            AutoSessions = false,
            Flood = ["Heartbeat", "StatusNotification", "MeterValues", "Authorize", "DataTransfer"],
        };
        await using var simulation = new Simulation(settings);
        simulation.Start();

        await Until(() => settings.Flood.All(a => _csms.Calls.Count(c => c.Action == a) >= 3), "three of every flooded action");

        await simulation.StopAsync(TimeSpan.FromSeconds(5));
        Assert.Empty(_csms.Violations);
    }

    [Fact]
    public async Task A_call_the_station_does_not_support_gets_a_2_0_1_call_error()
    {
        var settings = Settings("V201E", chargePoints: 1) with { AutoSessions = false };
        var identity = settings.IdentityOf(1);
        await using var simulation = new Simulation(settings);
        simulation.Start();
        Assert.True(await simulation.WaitForAcceptedAsync(1, Patience, CancellationToken.None), $"Expected {identity} to boot.");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => _csms.CallAsync(identity, "GetLocalListVersion", new GetLocalListVersionRequest()));

        Assert.Contains("NotSupported", error.Message, StringComparison.Ordinal);
    }

    private SimulationSettings Settings(string prefix, int chargePoints) => new()
    {
        Endpoint = _csms.Endpoint,
        OcppVersion = OcppVersion.V201,
        IdPrefix = $"{prefix}{Guid.NewGuid():N}"[..10],
        ChargePoints = chargePoints,
        Connectors = 1,
        IdTags = ["V201-TAG-1", "V201-TAG-2"],
        SessionLength = TimeSpan.FromMinutes(4),
        MeterInterval = TimeSpan.FromMinutes(1),
        ThinkTime = TimeSpan.Zero,
        Speed = 0,
        RampUpPerSecond = 0,
        ReconnectBackoff = new Backoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200)),
        Seed = 11,
    };

    private static Task Until(Func<bool> condition, string expectation) =>
        Poll.UntilAsync(_ => Task.FromResult(condition()), Patience, expectation);

    private static GetVariableDataType Variable(string component, string variable) =>
        new() { Component = new ComponentType { Name = component }, Variable = new VariableType { Name = variable } };

    private static int RegisterOf(JsonObject transactionEvent) =>
        (int)transactionEvent["meterValue"]![0]!["sampledValue"]![0]!["value"]!.GetValue<decimal>();
}
