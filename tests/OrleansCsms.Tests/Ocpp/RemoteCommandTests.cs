using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Ocpp;

[Collection(CsmsCollection.Name)]
public sealed class RemoteCommandTests(CsmsHostFixture fixture)
{
    private CsmsHost Host => fixture.Host;

    [Fact]
    public async Task A_remote_start_reaches_the_charge_point_and_its_answer_comes_back_to_the_operator()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        var idTag = Fresh.IdTag();

        var response = await Host.Api.PostAsJsonAsync($"/api/charge-points/{chargePoint.Id}/remote-start", new { connectorId = 2, idTag });

        var body = await ReadAsync(response, HttpStatusCode.OK);
        Assert.Equal("Accepted", body.GetProperty("status").GetString());
        var (action, payload) = Assert.Single(chargePoint.ServerCalls);
        Assert.Equal("RemoteStartTransaction", action);
        Assert.Equal(idTag, payload.GetProperty("idTag").GetString());
        Assert.Equal(2, payload.GetProperty("connectorId").GetInt32());
    }

    [Fact]
    public async Task A_remote_stop_carries_the_transaction_id_and_a_rejection_is_reported_as_the_charge_point_gave_it()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        chargePoint.OnServerCall = (_, _) => ServerCallAnswer.Result(new { status = "Rejected" });

        var response = await Host.Api.PostAsJsonAsync($"/api/charge-points/{chargePoint.Id}/remote-stop", new { transactionId = 4711 });

        var body = await ReadAsync(response, HttpStatusCode.OK);
        Assert.Equal("Rejected", body.GetProperty("status").GetString());
        var (action, payload) = Assert.Single(chargePoint.ServerCalls);
        Assert.Equal("RemoteStopTransaction", action);
        Assert.Equal(4711, payload.GetProperty("transactionId").GetInt32());
    }

    [Fact]
    public async Task Every_core_command_is_sent_as_its_OCPP_action()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        chargePoint.OnServerCall = (action, _) => action switch
        {
            "GetConfiguration" => ServerCallAnswer.Result(new { configurationKey = new[] { new { key = "HeartbeatInterval", @readonly = false, value = "300" } }, unknownKey = Array.Empty<string>() }),
            "UnlockConnector" => ServerCallAnswer.Result(new { status = "Unlocked" }),
            _ => ServerCallAnswer.Result(new { status = "Accepted" }),
        };
        var id = chargePoint.Id;

        await ReadAsync(await Host.Api.PostAsJsonAsync($"/api/charge-points/{id}/reset", new { type = "Soft" }), HttpStatusCode.OK);
        var unlock = await ReadAsync(await Host.Api.PostAsJsonAsync($"/api/charge-points/{id}/unlock", new { connectorId = 1 }), HttpStatusCode.OK);
        await ReadAsync(await Host.Api.PostAsJsonAsync($"/api/charge-points/{id}/availability", new { connectorId = 0, type = "Inoperative" }), HttpStatusCode.OK);
        var configuration = await ReadAsync(await Host.Api.GetAsync($"/api/charge-points/{id}/configuration?key=HeartbeatInterval"), HttpStatusCode.OK);
        await ReadAsync(await Host.Api.PutAsJsonAsync($"/api/charge-points/{id}/configuration/HeartbeatInterval", new { value = "60" }), HttpStatusCode.OK);
        await ReadAsync(await Host.Api.PostAsync($"/api/charge-points/{id}/clear-cache", null), HttpStatusCode.OK);

        Assert.Equal("Unlocked", unlock.GetProperty("status").GetString());
        Assert.Equal("300", configuration.GetProperty("configurationKey")[0].GetProperty("value").GetString());
        Assert.Equal(
            ["Reset", "UnlockConnector", "ChangeAvailability", "GetConfiguration", "ChangeConfiguration", "ClearCache"],
            chargePoint.ServerCalls.Select(c => c.Action).ToArray());
        var change = chargePoint.ServerCalls.Single(c => c.Action == "ChangeConfiguration").Payload;
        Assert.Equal("60", change.GetProperty("value").GetString());
    }

    [Fact]
    public async Task A_generic_call_returns_the_charge_points_result_payload()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        chargePoint.OnServerCall = (_, _) => ServerCallAnswer.Result(new { status = "Accepted" });

        var response = await Host.Api.PostAsJsonAsync($"/api/charge-points/{chargePoint.Id}/calls/TriggerMessage", new { requestedMessage = "StatusNotification", connectorId = 1 });

        var body = await ReadAsync(response, HttpStatusCode.OK);
        Assert.Equal("Accepted", body.GetProperty("status").GetString());
        Assert.Equal("TriggerMessage", Assert.Single(chargePoint.ServerCalls).Action);
    }

    [Fact]
    public async Task A_call_error_from_the_charge_point_is_a_bad_gateway_with_its_code()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        chargePoint.OnServerCall = (_, _) => ServerCallAnswer.Error("NotSupported", "No reservations here");

        var response = await Host.Api.PostAsJsonAsync($"/api/charge-points/{chargePoint.Id}/calls/ReserveNow",
            new { connectorId = 1, expiryDate = V16Messages.Timestamp(DateTimeOffset.UtcNow.AddHours(1)), idTag = "X", reservationId = 1 });

        var problem = await ReadAsync(response, HttpStatusCode.BadGateway);
        Assert.Equal("NotSupported", problem.GetProperty("errorCode").GetString());
        Assert.Equal("No reservations here", problem.GetProperty("errorDescription").GetString());
    }

    [Fact]
    public async Task A_charge_point_that_does_not_answer_in_time_is_a_gateway_timeout_and_the_next_call_still_works()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        chargePoint.OnServerCall = (_, _) => ServerCallAnswer.Silence;

        var timedOut = await Host.Api.PostAsJsonAsync($"/api/charge-points/{chargePoint.Id}/reset", new { type = "Hard" });
        await ReadAsync(timedOut, HttpStatusCode.GatewayTimeout);

        chargePoint.OnServerCall = (_, _) => ServerCallAnswer.Result(new { status = "Accepted" });
        var next = await Host.Api.PostAsJsonAsync($"/api/charge-points/{chargePoint.Id}/reset", new { type = "Hard" });
        Assert.Equal("Accepted", (await ReadAsync(next, HttpStatusCode.OK)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Concurrent_commands_reach_the_charge_point_one_at_a_time()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        chargePoint.OnServerCall = (_, _) => ServerCallAnswer.Result(new { status = "Accepted" }) with { Delay = TimeSpan.FromMilliseconds(50) };

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            Host.Api.PostAsJsonAsync($"/api/charge-points/{chargePoint.Id}/clear-cache", new { })));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(8, chargePoint.ServerCalls.Count);
        Assert.True(chargePoint.MaxUnansweredServerCalls == 1,
            $"Expected at most one outstanding server call per connection, but {chargePoint.MaxUnansweredServerCalls} were outstanding at once.");
    }

    [Fact]
    public async Task A_command_to_a_charge_point_that_is_not_connected_is_a_conflict()
    {
        var id = Fresh.ChargePointId();
        (await Host.Api.PostAsJsonAsync("/api/charge-points", new { id })).EnsureSuccessStatusCode();

        var response = await Host.Api.PostAsJsonAsync($"/api/charge-points/{id}/reset", new { type = "Soft" });

        await ReadAsync(response, HttpStatusCode.Conflict);
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected} but got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
