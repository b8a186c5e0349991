using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Api;

/// <summary>Sessions started and stopped through the API, played against a charge point over a real socket.</summary>
[Collection(CsmsCollection.Name)]
public sealed class SessionsApiTests(CsmsHostFixture fixture)
{
    private CsmsHost Host => fixture.Host;

    private HttpClient Api => fixture.Host.Api;

    [Fact]
    public async Task A_session_start_answers_Accepted_with_the_transaction_the_remote_start_caused()
    {
        var tag = await AcceptedTagAsync();
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        var remoteStart = AnswerRemoteStart(chargePoint, "Accepted");

        var response = Api.PostAsJsonAsync("/api/sessions", new { chargePointId = chargePoint.Id, connectorId = 2, idTag = tag });
        var asked = await remoteStart.Task.WaitAsync(TimeSpan.FromSeconds(15));
        var started = await chargePoint.CallAsync("StartTransaction", V16Messages.StartTransaction(tag, 500, DateTimeOffset.UtcNow, connectorId: 2));
        var transactionId = started.GetProperty("transactionId").GetInt32();

        var answer = await response;
        var body = await ApiAssert.JsonAsync(answer, HttpStatusCode.Created);
        Assert.True(
            body.GetString("outcome") == "Accepted" && body.GetProperty("transactionId").GetInt32() == transactionId && body.GetString("idTagStatus") == "Accepted"
            && body.GetString("remoteStartStatus") == "Accepted" && body.GetProperty("connectorId").GetInt32() == 2,
            $"Expected an Accepted session with transaction {transactionId} on connector 2, but got {body}.");
        Assert.Equal($"/api/sessions/{transactionId}", answer.Headers.Location?.OriginalString);
        Assert.Equal((tag, 2), (asked.GetProperty("idTag").GetString(), asked.GetProperty("connectorId").GetInt32()));
        var session = await ApiAssert.JsonAsync(await Api.GetAsync($"/api/sessions/{transactionId}"), HttpStatusCode.OK);
        Assert.Equal("Active", session.GetString("status"));
    }

    [Fact]
    public async Task A_session_start_the_charge_point_refuses_answers_Rejected()
    {
        var tag = await AcceptedTagAsync();
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        AnswerRemoteStart(chargePoint, "Rejected");

        var body = await ApiAssert.JsonAsync(await Api.PostAsJsonAsync("/api/sessions", new { chargePointId = chargePoint.Id, connectorId = 1, idTag = tag }), HttpStatusCode.OK);

        Assert.True(
            body.GetString("outcome") == "Rejected" && body.GetString("remoteStartStatus") == "Rejected" && body.GetProperty("transactionId").ValueKind == JsonValueKind.Null,
            $"Expected a Rejected session without a transaction, but got {body}.");
    }

    [Fact]
    public async Task A_session_whose_tag_is_refused_at_the_start_answers_Rejected_with_its_transaction()
    {
        var tag = Fresh.IdTag();
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        var remoteStart = AnswerRemoteStart(chargePoint, "Accepted");

        var response = Api.PostAsJsonAsync("/api/sessions", new { chargePointId = chargePoint.Id, connectorId = 1, idTag = tag });
        await remoteStart.Task.WaitAsync(TimeSpan.FromSeconds(15));

        // Id tags are case-insensitive: the charge point may give it in another case.
        var started = await chargePoint.CallAsync("StartTransaction", V16Messages.StartTransaction(tag.ToLowerInvariant(), 0, DateTimeOffset.UtcNow));
        var body = await ApiAssert.JsonAsync(await response, HttpStatusCode.OK);

        Assert.True(
            body.GetString("outcome") == "Rejected" && body.GetString("idTagStatus") == "Invalid"
            && body.GetProperty("transactionId").GetInt32() == started.GetProperty("transactionId").GetInt32(),
            $"Expected a Rejected session naming the transaction the unknown tag was refused in, but got {body}.");
    }

    [Fact]
    public async Task A_session_start_without_a_StartTransaction_in_time_answers_Timeout()
    {
        var tag = await AcceptedTagAsync();
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        AnswerRemoteStart(chargePoint, "Accepted");

        var body = await ApiAssert.JsonAsync(
            await Api.PostAsJsonAsync("/api/sessions?wait=1", new { chargePointId = chargePoint.Id, connectorId = 1, idTag = tag }), HttpStatusCode.Accepted);

        Assert.True(
            body.GetString("outcome") == "Timeout" && body.GetString("remoteStartStatus") == "Accepted" && body.GetProperty("transactionId").ValueKind == JsonValueKind.Null,
            $"Expected a Timeout after an accepted remote start, but got {body}.");
    }

    [Fact]
    public async Task A_session_start_for_an_offline_charge_point_is_a_conflict_and_for_an_unknown_one_not_found()
    {
        var offline = await OfflineChargePointAsync();

        var problem = await ApiAssert.ProblemAsync(
            await Api.PostAsJsonAsync("/api/sessions", new { chargePointId = offline, connectorId = 1, idTag = Fresh.IdTag() }), HttpStatusCode.Conflict);
        Assert.Equal("Offline", problem.GetString("outcome"));

        await ApiAssert.ProblemAsync(
            await Api.PostAsJsonAsync("/api/sessions", new { chargePointId = Fresh.ChargePointId(), connectorId = 1, idTag = Fresh.IdTag() }), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_session_start_without_a_charge_point_or_tag_is_a_validation_problem()
    {
        await ApiAssert.ValidationProblemAsync(await Api.PostAsJsonAsync("/api/sessions?wait=0", new { connectorId = 0 }), "chargePointId", "idTag", "connectorId", "wait");
    }

    [Fact]
    public async Task Stopping_a_session_of_a_connected_charge_point_waits_for_its_StopTransaction()
    {
        var tag = await AcceptedTagAsync();
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        var transactionId = await StartAsync(chargePoint, tag, meterStart: 1_000);
        var remoteStop = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        chargePoint.OnServerCall = (action, payload) =>
        {
            if (action == "RemoteStopTransaction")
            {
                remoteStop.TrySetResult(payload);
            }

            return ServerCallAnswer.Result(new { status = "Accepted" });
        };

        var response = Api.DeleteAsync($"/api/sessions/{transactionId}");
        await remoteStop.Task.WaitAsync(TimeSpan.FromSeconds(15));
        await chargePoint.CallAsync("StopTransaction", V16Messages.StopTransaction(transactionId, 4_000, DateTimeOffset.UtcNow, reason: "Remote"));

        var body = await ApiAssert.JsonAsync(await response, HttpStatusCode.OK);
        var transaction = body.GetProperty("transaction");
        Assert.True(
            body.GetString("outcome") == "Stopped" && body.GetString("remoteStopStatus") == "Accepted" && transaction.GetString("endedBy") == "ChargePoint"
            && transaction.GetProperty("energyWh").GetInt64() == 3_000,
            $"Expected the session stopped by the charge point with 3000 Wh, but got {body}.");
    }

    [Fact]
    public async Task Stopping_a_session_of_an_offline_charge_point_ends_it_for_billing_and_its_late_StopTransaction_counts_once()
    {
        var tag = await AcceptedTagAsync();
        var id = Fresh.ChargePointId();
        int transactionId;
        await using (var gone = await TestChargePoint.ConnectAsync(Host, id))
        {
            transactionId = await StartAsync(gone, tag, meterStart: 1_000);
            await gone.CallAsync("MeterValues", V16Messages.MeterValues(transactionId, DateTimeOffset.UtcNow, 2_500));
        }

        await WaitUntilDisconnectedAsync(id);

        var ended = await ApiAssert.JsonAsync(await Api.DeleteAsync($"/api/sessions/{transactionId}?reason=Customer%20left"), HttpStatusCode.OK);
        await using var back = await TestChargePoint.ConnectAsync(Host, id);
        var stop = V16Messages.StopTransaction(transactionId, 3_000, DateTimeOffset.UtcNow);
        await back.CallAsync("StopTransaction", stop);
        await back.CallAsync("StopTransaction", stop);
        var session = await ApiAssert.JsonAsync(await Api.GetAsync($"/api/sessions/{transactionId}"), HttpStatusCode.OK);

        var billed = ended.GetProperty("transaction");
        Assert.True(
            ended.GetString("outcome") == "EndedByCsms" && ended.GetString("remoteStopStatus") == "NotConnected" && billed.GetString("endedBy") == "Csms"
            && billed.GetProperty("meterStop").GetInt32() == 2_500 && billed.GetString("endNote")!.StartsWith("Customer left", StringComparison.Ordinal),
            $"Expected the CSMS to end the session for billing at the last reading, 2500, with the reason given, but got {ended}.");
        var final = session.GetProperty("transaction");
        Assert.True(
            session.GetString("status") == "Stopped" && final.GetString("endedBy") == "ChargePoint" && final.GetProperty("meterStop").GetInt32() == 3_000
            && final.GetProperty("energyWh").GetInt64() == 2_000,
            $"Expected the charge point's late stop to replace the CSMS's figures once (2000 Wh), but got {session}.");
    }

    [Fact]
    public async Task Stopping_a_session_that_does_not_exist_is_not_found()
    {
        await ApiAssert.ProblemAsync(await Api.DeleteAsync("/api/sessions/2147483647"), HttpStatusCode.NotFound);
        await ApiAssert.ProblemAsync(await Api.GetAsync("/api/sessions/not-a-number"), HttpStatusCode.NotFound);
    }

    /// <summary>Answers RemoteStartTransaction with <paramref name="status"/>; completes with its payload when it arrives.</summary>
    private static TaskCompletionSource<JsonElement> AnswerRemoteStart(TestChargePoint chargePoint, string status)
    {
        var asked = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        chargePoint.OnServerCall = (action, payload) =>
        {
            if (action == "RemoteStartTransaction")
            {
                asked.TrySetResult(payload);
            }

            return ServerCallAnswer.Result(new { status });
        };
        return asked;
    }

    private static async Task<int> StartAsync(TestChargePoint chargePoint, string tag, int meterStart)
    {
        var started = await chargePoint.CallAsync("StartTransaction", V16Messages.StartTransaction(tag, meterStart, DateTimeOffset.UtcNow));
        return started.GetProperty("transactionId").GetInt32();
    }

    private async Task<string> AcceptedTagAsync()
    {
        var tag = Fresh.IdTag();
        (await Api.PutAsJsonAsync($"/api/id-tags/{tag}", new { status = "Accepted" })).EnsureSuccessStatusCode();
        return tag;
    }

    private async Task<string> OfflineChargePointAsync()
    {
        var id = Fresh.ChargePointId();
        await using (await TestChargePoint.ConnectAsync(Host, id))
        {
        }

        await WaitUntilDisconnectedAsync(id);
        return id;
    }

    private async Task WaitUntilDisconnectedAsync(string id) =>
        await Poll.UntilAsync(
            async cancellationToken => !(await Api.GetFromJsonAsync<JsonElement>($"/api/charge-points/{id}", cancellationToken)).GetProperty("connected").GetBoolean(),
            TimeSpan.FromSeconds(15),
            $"charge point {id} to show as disconnected once its socket closed");
}
