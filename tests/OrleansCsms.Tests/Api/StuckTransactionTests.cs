using System.Net;
using System.Net.Http.Json;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Api;

/// <summary>Operators end transactions whose charge point never stopped them, and set how many a tag may hold.</summary>
[Collection(CsmsCollection.Name)]
public sealed class StuckTransactionTests(CsmsHostFixture fixture)
{
    private CsmsHost Host => fixture.Host;

    private HttpClient Api => fixture.Host.Api;

    [Fact]
    public async Task Stopping_a_transaction_of_a_connected_charge_point_ends_it_and_sends_RemoteStopTransaction()
    {
        var tag = await AcceptedTagAsync(new { status = "Accepted" });
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        var transactionId = (await chargePoint.CallAsync("StartTransaction", V16Messages.StartTransaction(tag, 1_000, DateTimeOffset.UtcNow))).GetProperty("transactionId").GetInt32();

        var response = await Api.PostAsJsonAsync($"/api/transactions/{transactionId}/stop", new { reason = "Customer called: cable stuck" });

        var body = await ApiAssert.JsonAsync(response, HttpStatusCode.OK);
        var transaction = body.GetProperty("transaction");
        Assert.True(
            !transaction.GetProperty("active").GetBoolean() && transaction.GetProperty("endedBy").GetString() == "Operator"
            && transaction.GetProperty("endNote").GetString() == "Customer called: cable stuck" && transaction.GetProperty("meterStop").GetInt32() == 1_000,
            $"Expected transaction {transactionId} to be ended by the operator with the reason given at meter 1000, but got {transaction}.");
        Assert.Equal(("Accepted", true), (body.GetProperty("remoteStop").GetString(), body.GetProperty("endedNow").GetBoolean()));
        Assert.Contains(chargePoint.ServerCalls, c => c.Action == "RemoteStopTransaction" && c.Payload.GetProperty("transactionId").GetInt32() == transactionId);
    }

    [Fact]
    public async Task Stopping_a_transaction_of_a_disconnected_charge_point_ends_it_for_billing_and_frees_its_tag()
    {
        var tag = await AcceptedTagAsync(new { status = "Accepted" });
        int transactionId;
        await using (var gone = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId()))
        {
            transactionId = (await gone.CallAsync("StartTransaction", V16Messages.StartTransaction(tag, 0, DateTimeOffset.UtcNow))).GetProperty("transactionId").GetInt32();
        }

        await using var other = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        var blocked = await StartStatusAsync(other, tag);
        var body = await ApiAssert.JsonAsync(await Api.PostAsync($"/api/transactions/{transactionId}/stop", null), HttpStatusCode.OK);
        var freed = await StartStatusAsync(other, tag, connectorId: 2);
        var again = await ApiAssert.JsonAsync(await Api.PostAsync($"/api/transactions/{transactionId}/stop", null), HttpStatusCode.OK);

        Assert.Equal("ConcurrentTx", blocked);
        Assert.Equal(("NotConnected", false), (body.GetProperty("remoteStop").GetString(), body.GetProperty("transaction").GetProperty("active").GetBoolean()));
        Assert.True(freed == "Accepted", $"Expected id tag {tag} to be free once an operator ended transaction {transactionId}, but a start answered {freed}.");
        Assert.Equal(("NotSent", false), (again.GetProperty("remoteStop").GetString(), again.GetProperty("endedNow").GetBoolean()));
    }

    [Theory]
    [InlineData("2147483647")]
    [InlineData("not-a-number")]
    public async Task Stopping_a_transaction_that_does_not_exist_is_a_not_found_problem(string id)
    {
        await ApiAssert.ProblemAsync(await Api.PostAsync($"/api/transactions/{id}/stop", null), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_tag_for_a_fleet_may_be_in_several_transactions_and_lists_them()
    {
        var tag = await AcceptedTagAsync(new { status = "Accepted", maxActiveTransactions = 2 });
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());

        var statuses = await StartOnConnectorsAsync(chargePoint, tag, 3);

        var read = await ApiAssert.JsonAsync(await Api.GetAsync($"/api/id-tags/{tag}"), HttpStatusCode.OK);
        Assert.Equal(["Accepted", "Accepted", "ConcurrentTx"], statuses);
        Assert.Equal(2, read.GetProperty("maxActiveTransactions").GetInt32());
        Assert.Equal(2, read.GetProperty("activeTransactionIds").GetArrayLength());
    }

    [Fact]
    public async Task An_unlimited_tag_is_never_ConcurrentTx()
    {
        var tag = await AcceptedTagAsync(new { status = "Accepted", maxActiveTransactions = 0 });
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());

        var statuses = await StartOnConnectorsAsync(chargePoint, tag, 5);

        Assert.All(statuses, s => Assert.Equal("Accepted", s));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(10_001)]
    public async Task A_limit_out_of_range_is_a_validation_problem(int limit)
    {
        var response = await Api.PutAsJsonAsync($"/api/id-tags/{Fresh.IdTag()}", new { status = "Accepted", maxActiveTransactions = limit });

        await ApiAssert.ValidationProblemAsync(response, "maxActiveTransactions");
    }

    private async Task<string> AcceptedTagAsync(object body)
    {
        var tag = Fresh.IdTag();
        (await Api.PutAsJsonAsync($"/api/id-tags/{tag}", body)).EnsureSuccessStatusCode();
        return tag;
    }

    /// <summary>Starts a transaction with the tag on connectors 1 to <paramref name="connectors"/> in turn; the idTagInfo status of each.</summary>
    private static async Task<List<string?>> StartOnConnectorsAsync(TestChargePoint chargePoint, string tag, int connectors)
    {
        var statuses = new List<string?>();
        for (var connector = 1; connector <= connectors; connector++)
        {
            statuses.Add(await StartStatusAsync(chargePoint, tag, connector));
        }

        return statuses;
    }

    private static async Task<string?> StartStatusAsync(TestChargePoint chargePoint, string tag, int connectorId = 1)
    {
        var answer = await chargePoint.CallAsync("StartTransaction", V16Messages.StartTransaction(tag, 0, DateTimeOffset.UtcNow, connectorId));
        return answer.GetProperty("idTagInfo").GetProperty("status").GetString();
    }
}
