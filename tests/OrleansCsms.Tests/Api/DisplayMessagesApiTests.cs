using System.Net;
using System.Net.Http.Json;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Api;

[Collection(CsmsCollection.Name)]
public sealed class DisplayMessagesApiTests(CsmsHostFixture fixture)
{
    private CsmsHost Host => fixture.Host;

    public static TheoryData<string, string> InvalidMessages => new()
    {
        { """{"message":{"format":"UTF8","content":"Hi"}}""", "priority" },
        { """{"priority":"Urgent","message":{"format":"UTF8","content":"Hi"}}""", "priority" },
        { """{"priority":"InFront","state":"Sleeping","message":{"format":"UTF8","content":"Hi"}}""", "state" },
        { """{"priority":"InFront"}""", "message" },
        { """{"priority":"InFront","message":{"format":"PDF","content":"Hi"}}""", "message.format" },
        { """{"priority":"InFront","message":{"format":"UTF8","content":""}}""", "message.content" },
        { """{"priority":"InFront","startDateTime":"2030-01-02T00:00:00Z","endDateTime":"2030-01-01T00:00:00Z","message":{"format":"UTF8","content":"Hi"}}""", "endDateTime" },
        { """{"id":-1,"priority":"InFront","message":{"format":"UTF8","content":"Hi"}}""", "id" },
        { """{"priority":"InFront","transactionId":2147483000,"message":{"format":"UTF8","content":"Hi"}}""", "transactionId" },
    };

    [Theory]
    [MemberData(nameof(InvalidMessages))]
    public async Task An_invalid_display_message_is_a_validation_problem_naming_the_field_and_reaches_no_station(string body, string field)
    {
        await using var station = await TestChargePoint.ConnectV201Async(Host, Fresh.ChargePointId());

        await ApiAssert.ValidationProblemAsync(await Host.Api.PostAsync($"/api/charge-points/{station.Id}/display-messages", ApiAssert.RawJson(body)), field);

        Assert.True(station.ServerCalls.IsEmpty, $"Expected an invalid message to send nothing, but the station got {string.Join(", ", station.ServerCalls.Select(c => c.Action))}.");
    }

    [Fact]
    public async Task Display_messages_of_an_OCPP_1_6_charge_point_are_a_conflict()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        var path = $"/api/charge-points/{chargePoint.Id}/display-messages";

        var set = await ApiAssert.ProblemAsync(
            await Host.Api.PostAsJsonAsync(path, new { priority = "InFront", message = new { format = "UTF8", content = "Hi" } }), HttpStatusCode.Conflict);
        await ApiAssert.ProblemAsync(await Host.Api.GetAsync(path), HttpStatusCode.Conflict);
        await ApiAssert.ProblemAsync(await Host.Api.PostAsJsonAsync($"{path}/query", new { }), HttpStatusCode.Conflict);
        await ApiAssert.ProblemAsync(await Host.Api.DeleteAsync($"{path}/1"), HttpStatusCode.Conflict);

        Assert.Contains("OCPP 1.6", set.GetString("detail"), StringComparison.Ordinal);
        Assert.True(chargePoint.ServerCalls.IsEmpty, $"Expected nothing sent to a 1.6 charge point, but it got {string.Join(", ", chargePoint.ServerCalls.Select(c => c.Action))}.");
    }

    [Fact]
    public async Task Display_messages_of_an_unknown_charge_point_are_not_found()
    {
        await ApiAssert.ProblemAsync(await Host.Api.GetAsync($"/api/charge-points/{Fresh.ChargePointId()}/display-messages"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_message_without_an_id_gets_the_next_free_one()
    {
        await using var station = await TestChargePoint.ConnectV201Async(Host, Fresh.ChargePointId());
        var path = $"/api/charge-points/{station.Id}/display-messages";
        (await Host.Api.PostAsJsonAsync(path, new { id = 41, priority = "InFront", message = new { format = "UTF8", content = "First" } })).EnsureSuccessStatusCode();

        var second = await ApiAssert.JsonAsync(
            await Host.Api.PostAsJsonAsync(path, new { priority = "InFront", message = new { format = "UTF8", content = "Second" } }), HttpStatusCode.OK);

        Assert.Equal(42, second.GetProperty("message").GetProperty("id").GetInt32());
        station.AssertAllServerFramesValid();
    }
}
