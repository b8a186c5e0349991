using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Api;

/// <summary>What the API shows of, and how it talks to, a charge point connected over a real WebSocket.</summary>
[Collection(CsmsCollection.Name)]
public sealed class ConnectedChargePointTests(CsmsHostFixture fixture)
{
    private CsmsHost Host => fixture.Host;

    private HttpClient Api => fixture.Host.Api;

    [Fact]
    public async Task A_connected_charge_point_shows_its_boot_connectors_session_statuses_and_transactions()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        var idTag = Fresh.IdTag();
        await chargePoint.CallAsync("BootNotification", V16Messages.BootNotification());
        await chargePoint.CallAsync("StatusNotification", V16Messages.StatusNotification(1, "Faulted", "ConnectorLockFailure", info: "latch stuck"));
        await chargePoint.CallAsync("Heartbeat", new { });
        await chargePoint.CallAsync("FirmwareStatusNotification", new { status = "Downloading" });
        await chargePoint.CallAsync("DiagnosticsStatusNotification", new { status = "Uploading" });
        var started = await chargePoint.CallAsync("StartTransaction", V16Messages.StartTransaction(idTag, 1_000, DateTimeOffset.UtcNow, connectorId: 2));
        var transactionId = started.GetProperty("transactionId").GetInt32();

        var details = await ApiAssert.JsonAsync(await Api.GetAsync($"/api/charge-points/{chargePoint.Id}?includeTransactions=true"), HttpStatusCode.OK);

        var boot = details.GetProperty("boot");
        Assert.Equal("Accepted", boot.GetString("status"));
        Assert.Equal(JsonValueKind.String, boot.GetProperty("lastBootAt").ValueKind);
        foreach (var (field, expected) in new[]
        {
            ("vendor", "Acme"), ("model", "FastCharger 50"), ("chargePointSerialNumber", "CPSN-0042"), ("chargeBoxSerialNumber", "CBSN-0042"),
            ("firmwareVersion", "4.2.1"), ("iccid", "89314404000112345678"), ("imsi", "262011234567890"), ("meterType", "DZG DVH4013"),
            ("meterSerialNumber", "MSN-77"),
        })
        {
            Assert.True(boot.GetString(field) == expected, $"Expected boot.{field} '{expected}': {boot}");
        }

        var connector = details.GetProperty("connectors").EnumerateArray().Single(c => c.GetProperty("connectorId").GetInt32() == 1);
        Assert.Equal("Faulted", connector.GetString("status"));
        Assert.Equal("ConnectorLockFailure", connector.GetString("errorCode"));
        Assert.Equal("latch stuck", connector.GetString("info"));
        Assert.Equal("Acme", connector.GetString("vendorId"));
        Assert.Equal("E42", connector.GetString("vendorErrorCode"));
        Assert.Equal(JsonValueKind.String, connector.GetProperty("timestamp").ValueKind);

        Assert.True(details.GetProperty("connected").GetBoolean(), $"Expected the charge point to be connected: {details}");
        Assert.Equal("ocpp1.6", details.GetProperty("session").GetString("protocol"));
        Assert.Equal(JsonValueKind.String, details.GetProperty("session").GetProperty("connectedAt").ValueKind);
        Assert.Equal(JsonValueKind.String, details.GetProperty("lastHeartbeat").ValueKind);
        Assert.Equal("Downloading", details.GetString("firmwareStatus"));
        Assert.Equal("Uploading", details.GetString("diagnosticsStatus"));
        Assert.Equal([transactionId], details.GetProperty("activeTransactionIds").EnumerateArray().Select(t => t.GetInt32()));
        var transaction = Assert.Single(details.GetProperty("activeTransactions").EnumerateArray());
        Assert.Equal(transactionId, transaction.GetProperty("id").GetInt32());
        Assert.Equal(idTag, transaction.GetString("idTag"));
        Assert.Equal(2, transaction.GetProperty("connectorId").GetInt32());
        Assert.True(transaction.GetProperty("active").GetBoolean(), $"Expected the started transaction to be active: {transaction}");
    }

    [Fact]
    public async Task Reading_one_configuration_key_returns_the_charge_points_entry_for_it()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        chargePoint.OnServerCall = (_, _) => ServerCallAnswer.Result(new
        {
            configurationKey = new[] { new { key = "HeartbeatInterval", @readonly = false, value = "300" } },
            unknownKey = Array.Empty<string>(),
        });

        var entry = await ApiAssert.JsonAsync(await Api.GetAsync($"/api/charge-points/{chargePoint.Id}/configuration/HeartbeatInterval"), HttpStatusCode.OK);

        Assert.Equal("HeartbeatInterval", entry.GetString("key"));
        Assert.Equal("300", entry.GetString("value"));
        Assert.False(entry.GetProperty("readonly").GetBoolean(), $"Expected the entry as the charge point gave it: {entry}");
        var (action, payload) = Assert.Single(chargePoint.ServerCalls);
        Assert.Equal("GetConfiguration", action);
        Assert.Equal(["HeartbeatInterval"], payload.GetProperty("key").EnumerateArray().Select(k => k.GetString()));
    }

    [Fact]
    public async Task A_configuration_key_the_charge_point_does_not_know_is_a_not_found_problem()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        chargePoint.OnServerCall = (_, _) => ServerCallAnswer.Result(new { configurationKey = Array.Empty<object>(), unknownKey = new[] { "NoSuchKey" } });

        var response = await Api.GetAsync($"/api/charge-points/{chargePoint.Id}/configuration/NoSuchKey");

        await ApiAssert.ProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_data_transfer_answer_comes_back_with_the_charge_points_status_and_data()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        chargePoint.OnServerCall = (_, _) => ServerCallAnswer.Result(new { status = "Accepted", data = "pong" });

        var response = await Api.PostAsJsonAsync($"/api/charge-points/{chargePoint.Id}/data-transfer", new { vendorId = "com.example", messageId = "ping" });

        var body = await ApiAssert.JsonAsync(response, HttpStatusCode.OK);
        Assert.Equal("Accepted", body.GetString("status"));
        Assert.Equal("pong", body.GetString("data"));
        var (action, payload) = Assert.Single(chargePoint.ServerCalls);
        Assert.Equal("DataTransfer", action);
        Assert.Equal("com.example", payload.GetString("vendorId"));
        Assert.False(payload.TryGetProperty("data", out _), $"Expected no data sent when none was given: {payload}");
    }

    [Fact]
    public async Task A_call_error_is_a_bad_gateway_problem_carrying_the_charge_points_error()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        chargePoint.OnServerCall = (_, _) => ServerCallAnswer.Error("NotImplemented", "No unlocking here");

        var response = await Api.PostAsJsonAsync($"/api/charge-points/{chargePoint.Id}/unlock", new { connectorId = 1 });

        var problem = await ApiAssert.ProblemAsync(response, HttpStatusCode.BadGateway);
        Assert.Equal("NotImplemented", problem.GetString("errorCode"));
        Assert.Equal("No unlocking here", problem.GetString("errorDescription"));
    }

    [Fact]
    public async Task A_charge_point_that_stays_silent_is_a_gateway_timeout_problem()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        chargePoint.OnServerCall = (_, _) => ServerCallAnswer.Silence;

        var response = await Api.PostAsync($"/api/charge-points/{chargePoint.Id}/clear-cache", null);

        await ApiAssert.ProblemAsync(response, HttpStatusCode.GatewayTimeout);
    }

    [Fact]
    public async Task The_message_log_lists_the_frames_just_exchanged_newest_first()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        await chargePoint.CallAsync("BootNotification", V16Messages.BootNotification());
        await chargePoint.CallAsync("Heartbeat", new { });

        var body = await ApiAssert.JsonAsync(await Api.GetAsync($"/api/charge-points/{chargePoint.Id}/messages?pageSize=2"), HttpStatusCode.OK);

        Assert.Equal(4, body.GetProperty("totalCount").GetInt64());
        var items = body.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        var (answer, call) = (items[0], items[1]);
        Assert.True(answer.GetString("direction") == "out" && answer.GetProperty("messageType").GetInt32() == 3,
            $"Expected the newest entry to be the Heartbeat CALLRESULT sent: {answer}");
        Assert.True(call.GetString("direction") == "in" && call.GetProperty("messageType").GetInt32() == 2 && call.GetString("action") == "Heartbeat",
            $"Expected the Heartbeat CALL received just before it: {call}");
        Assert.Equal(call.GetString("messageId"), answer.GetString("messageId"));
        Assert.True(answer.GetProperty("timestamp").GetDateTimeOffset() >= call.GetProperty("timestamp").GetDateTimeOffset(),
            $"Expected newest first: {answer} then {call}");
        using var frame = JsonDocument.Parse(call.GetString("frame"));
        Assert.Equal("Heartbeat", frame.RootElement[2].GetString());
    }

    [Fact]
    public async Task Transactions_are_filtered_by_charge_point_id_tag_activity_and_start_time()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        var (early, late) = (DateTimeOffset.UtcNow.AddHours(-5), DateTimeOffset.UtcNow.AddHours(-1));
        var (stoppedTag, activeTag) = (Fresh.IdTag(), Fresh.IdTag());
        var stopped = (await chargePoint.CallAsync("StartTransaction", V16Messages.StartTransaction(stoppedTag, 100, early))).GetProperty("transactionId").GetInt32();
        await chargePoint.CallAsync("StopTransaction", V16Messages.StopTransaction(stopped, 600, early.AddMinutes(30)));
        var active = (await chargePoint.CallAsync("StartTransaction", V16Messages.StartTransaction(activeTag, 700, late, connectorId: 2))).GetProperty("transactionId").GetInt32();
        var all = $"/api/transactions?chargePointId={chargePoint.Id}";

        Assert.Equal([active, stopped], await IdsAsync(all));
        Assert.Equal([active], await IdsAsync($"{all}&active=true"));
        Assert.Equal([stopped], await IdsAsync($"{all}&active=false"));
        Assert.Equal([stopped], await IdsAsync($"/api/transactions?idTag={stoppedTag}"));
        Assert.Equal([active], await IdsAsync($"{all}&from={Uri.EscapeDataString(V16Messages.Timestamp(late.AddMinutes(-1)))}"));
        Assert.Equal([stopped], await IdsAsync($"{all}&to={Uri.EscapeDataString(V16Messages.Timestamp(late.AddMinutes(-1)))}"));

        var listed = (await ApiAssert.JsonAsync(await Api.GetAsync($"{all}&active=false"), HttpStatusCode.OK)).GetProperty("items")[0];
        Assert.Equal(500, listed.GetProperty("energyWh").GetInt64());
        Assert.Equal(100, listed.GetProperty("meterStart").GetInt32());
        Assert.Equal(600, listed.GetProperty("meterStop").GetInt32());
        Assert.Equal("Local", listed.GetString("stopReason"));
    }

    private async Task<int[]> IdsAsync(string query) =>
        [.. (await ApiAssert.JsonAsync(await Api.GetAsync(query), HttpStatusCode.OK)).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt32())];
}
