using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansCsms.Frontend.Ocpp;
using OrleansCsms.Grains;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Api;

/// <summary>GET /api/statistics shows real connections, calls and transactions, per front-end and across the cluster.</summary>
[Collection(CsmsCollection.Name)]
public sealed class StatisticsApiTests(CsmsHostFixture fixture)
{
    private CsmsHost Host => fixture.Host;

    private HttpClient Api => fixture.Host.Api;

    private string FrontEndId => Host.Services.GetRequiredService<FrontEndIdentity>().Id;

    [Fact]
    public async Task Statistics_count_this_front_ends_connections_calls_by_action_and_the_transactions_and_energy()
    {
        var before = await StatisticsAsync();
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        await chargePoint.CallAsync("BootNotification", V16Messages.BootNotification());
        await chargePoint.CallAsync("Heartbeat", new { });
        await chargePoint.CallAsync("Heartbeat", new { });
        var tag = Fresh.IdTag();
        var transactionId = (await chargePoint.CallAsync("StartTransaction", V16Messages.StartTransaction(tag, 10_000, DateTimeOffset.UtcNow))).GetProperty("transactionId").GetInt32();
        await chargePoint.CallAsync("StopTransaction", V16Messages.StopTransaction(transactionId, 14_200, DateTimeOffset.UtcNow));
        await Api.PostAsync($"/api/charge-points/{chargePoint.Id}/clear-cache", null);

        var after = await StatisticsAsync();

        var (was, now) = (ThisFrontEnd(before), ThisFrontEnd(after));
        Assert.True(now.GetProperty("connections").GetInt32() >= 1, $"Expected this front-end to count the open connection, but got {now}.");
        Assert.True(Count(now, "callsReceivedByAction", "BootNotification") - Count(was, "callsReceivedByAction", "BootNotification") >= 1, $"Expected a BootNotification counted: {now}");
        Assert.True(Count(now, "callsReceivedByAction", "Heartbeat") - Count(was, "callsReceivedByAction", "Heartbeat") >= 2, $"Expected two Heartbeats counted: {now}");
        Assert.True(Count(now, "callsSentByAction", "ClearCache") - Count(was, "callsSentByAction", "ClearCache") >= 1, $"Expected the ClearCache sent counted: {now}");
        var (transactionsBefore, transactionsAfter) = (before.GetProperty("transactions"), after.GetProperty("transactions"));
        Assert.True(
            transactionsAfter.GetProperty("started").GetInt64() - transactionsBefore.GetProperty("started").GetInt64() >= 1
            && transactionsAfter.GetProperty("stopped").GetInt64() - transactionsBefore.GetProperty("stopped").GetInt64() >= 1
            && transactionsAfter.GetProperty("energyWh").GetInt64() - transactionsBefore.GetProperty("energyWh").GetInt64() >= 4_200,
            $"Expected a transaction more started and stopped and 4200 Wh more, but went from {transactionsBefore} to {transactionsAfter}.");
    }

    [Fact]
    public async Task Totals_add_up_every_front_end_that_reported()
    {
        var other = $"other-front-end-{Guid.NewGuid():N}";
        var grains = Host.Services.GetRequiredService<IGrainFactory>();
        await grains.GetGrain<IClusterStatisticsGrain>(0).ReportAsync(new FrontEndStatistics(
            other, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow, 7, new() { ["Heartbeat"] = 40, ["BootNotification"] = 7 }, new() { ["Reset"] = 2 }));
        try
        {
            var statistics = await StatisticsAsync();

            var frontEnds = statistics.GetProperty("frontEnds").EnumerateArray().ToList();
            var reported = frontEnds.Single(f => f.GetString("frontEndId") == other);
            var totals = statistics.GetProperty("totals");
            Assert.Equal((7, 47L, 2L), (reported.GetProperty("connections").GetInt32(), reported.GetProperty("callsReceived").GetInt64(), reported.GetProperty("callsSent").GetInt64()));
            Assert.True(
                totals.GetProperty("connections").GetInt32() == frontEnds.Sum(f => f.GetProperty("connections").GetInt32())
                && Count(totals, "callsReceivedByAction", "Heartbeat") == frontEnds.Sum(f => Count(f, "callsReceivedByAction", "Heartbeat"))
                && totals.GetProperty("frontEnds").GetInt32() == frontEnds.Count,
                $"Expected the totals to be the sums over every front-end, but got {statistics}.");
        }
        finally
        {
            await grains.GetGrain<IClusterStatisticsGrain>(0).ForgetAsync(other);
        }
    }

    private async Task<JsonElement> StatisticsAsync() => await ApiAssert.JsonAsync(await Api.GetAsync("/api/statistics"), HttpStatusCode.OK);

    private JsonElement ThisFrontEnd(JsonElement statistics) =>
        statistics.GetProperty("frontEnds").EnumerateArray().Single(f => f.GetString("frontEndId") == FrontEndId);

    private static long Count(JsonElement element, string property, string action) =>
        element.GetProperty(property).TryGetProperty(action, out var count) ? count.GetInt64() : 0;
}
