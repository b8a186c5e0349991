using System.Net;
using System.Net.Http.Json;

namespace OrleansCsms.Tests.Api;

/// <summary>What the "MessageLog" settings leave out of the log, seen through the API, each on a host of its own.</summary>
public sealed class MessageLogSettingsTests
{
    [Fact]
    public async Task With_the_message_log_switched_off_nothing_a_charge_point_says_or_is_told_is_logged()
    {
        await using var host = await CsmsHost.StartAsync(new Dictionary<string, string?> { ["MessageLog:Enabled"] = "false" });
        await using var chargePoint = await TestChargePoint.ConnectAsync(host, Fresh.ChargePointId());
        await chargePoint.CallAsync("BootNotification", V16Messages.BootNotification());
        await chargePoint.CallAsync("Heartbeat", new { });
        await ApiAssert.JsonAsync(await host.Api.PostAsJsonAsync($"/api/charge-points/{chargePoint.Id}/clear-cache", new { }), HttpStatusCode.OK);

        var body = await ApiAssert.JsonAsync(await host.Api.GetAsync($"/api/charge-points/{chargePoint.Id}/messages"), HttpStatusCode.OK);

        Assert.True(body.GetProperty("totalCount").GetInt64() == 0, $"Expected an empty message log with MessageLog:Enabled=false: {body}");
    }

    [Fact]
    public async Task Excluded_actions_are_logged_neither_as_calls_nor_as_answers_whichever_side_calls()
    {
        await using var host = await CsmsHost.StartAsync(new Dictionary<string, string?>
        {
            ["MessageLog:ExcludeActions:0"] = "Heartbeat",
            ["MessageLog:ExcludeActions:1"] = "Reset",
        });
        await using var chargePoint = await TestChargePoint.ConnectAsync(host, Fresh.ChargePointId());
        await chargePoint.CallAsync("BootNotification", V16Messages.BootNotification());
        await chargePoint.CallAsync("Heartbeat", new { });
        await ApiAssert.JsonAsync(await host.Api.PostAsJsonAsync($"/api/charge-points/{chargePoint.Id}/reset", new { type = "Soft" }), HttpStatusCode.OK);
        await ApiAssert.JsonAsync(await host.Api.PostAsJsonAsync($"/api/charge-points/{chargePoint.Id}/clear-cache", new { }), HttpStatusCode.OK);

        var body = await ApiAssert.JsonAsync(await host.Api.GetAsync($"/api/charge-points/{chargePoint.Id}/messages"), HttpStatusCode.OK);

        var logged = body.GetProperty("items").EnumerateArray()
            .Select(item => $"{item.GetString("direction")} {item.GetProperty("messageType").GetInt32()} {item.GetString("action")}")
            .Order(StringComparer.Ordinal);
        Assert.Equal(["in 2 BootNotification", "in 3 ClearCache", "out 2 ClearCache", "out 3 BootNotification"], logged);
    }
}
