using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansCsms.Grains;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Api;

[Collection(CsmsCollection.Name)]
public sealed class ChargePointMessagesApiTests(CsmsHostFixture fixture)
{
    private HttpClient Api => fixture.Host.Api;

    [Fact]
    public async Task A_charge_point_that_never_spoke_has_an_empty_message_log()
    {
        var id = Fresh.ChargePointId();
        await ApiAssert.JsonAsync(await Api.PostAsJsonAsync("/api/charge-points", new { id }), HttpStatusCode.Created);

        var body = await ApiAssert.JsonAsync(await Api.GetAsync($"/api/charge-points/{id}/messages?pageSize=5"), HttpStatusCode.OK);

        Assert.Equal(0, body.GetProperty("items").GetArrayLength());
        Assert.Equal(0, body.GetProperty("totalCount").GetInt64());
        Assert.Equal(5, body.GetProperty("pageSize").GetInt32());
    }

    [Fact]
    public async Task The_message_log_of_an_unknown_charge_point_is_not_found()
    {
        await ApiAssert.ProblemAsync(await Api.GetAsync($"/api/charge-points/{Fresh.ChargePointId()}/messages"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Out_of_range_paging_of_the_message_log_is_a_validation_problem()
    {
        var response = await Api.GetAsync($"/api/charge-points/{Fresh.ChargePointId()}/messages?page=0&pageSize=1000");

        await ApiAssert.ValidationProblemAsync(response, "page", "pageSize");
    }

    [Fact]
    public async Task A_frame_with_non_ascii_text_is_listed_exactly_as_the_charge_point_sent_it_in_the_same_shape_as_ever()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(fixture.Host, Fresh.ChargePointId());
        const string sent = """[2,"dt-1","DataTransfer",{"vendorId":"Grüße","data":"€ 😀 ✓ 充电"}]""";
        await chargePoint.SendRawAsync(sent, "dt-1");

        var body = await ApiAssert.JsonAsync(await Api.GetAsync($"/api/charge-points/{chargePoint.Id}/messages"), HttpStatusCode.OK);

        var items = body.GetProperty("items").EnumerateArray().ToList();
        var call = Assert.Single(items, item => item.GetString("direction") == "in");
        Assert.Equal(sent, call.GetString("frame"));
        Assert.Equal(["action", "direction", "frame", "messageId", "messageType", "timestamp"], call.EnumerateObject().Select(property => property.Name).Order());
        var answer = Assert.Single(items, item => item.GetString("direction") == "out");
        Assert.True(answer.GetString("action") == "DataTransfer" && answer.GetString("messageId") == "dt-1",
            $"Expected the CALLRESULT sent to be logged with the action and id of the call it answers: {answer}");
        using var frame = JsonDocument.Parse(answer.GetString("frame"));
        Assert.Equal(3, frame.RootElement[0].GetInt32());
    }

    [Fact]
    public async Task A_logged_frame_that_is_not_valid_utf8_is_listed_with_replacement_characters_for_the_bad_bytes()
    {
        var id = Fresh.ChargePointId();
        var log = fixture.Host.Services.GetRequiredService<IOcppMessageLog>();
        byte[] frame = [.. """[2,"bad-1","DataTransfer",{"data":"ok """u8, 0xC3, 0x28, 0xFF, .. """ ok"}]"""u8];
        log.Append(new OcppMessageLogEntry(DateTimeOffset.UtcNow, id, "in", 0, "-1", null, frame));

        var body = await ApiAssert.JsonAsync(await Api.GetAsync($"/api/charge-points/{id}/messages"), HttpStatusCode.OK);

        var item = Assert.Single(body.GetProperty("items").EnumerateArray());
        Assert.Equal("[2,\"bad-1\",\"DataTransfer\",{\"data\":\"ok \uFFFD(\uFFFD ok\"}]", item.GetString("frame"));
    }

    [Fact]
    public async Task A_charge_points_answer_to_a_server_call_is_logged_with_the_action_it_answers()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(fixture.Host, Fresh.ChargePointId());
        await ApiAssert.JsonAsync(await Api.PostAsJsonAsync($"/api/charge-points/{chargePoint.Id}/reset", new { type = "Soft" }), HttpStatusCode.OK);

        var body = await ApiAssert.JsonAsync(await Api.GetAsync($"/api/charge-points/{chargePoint.Id}/messages"), HttpStatusCode.OK);

        var answer = Assert.Single(body.GetProperty("items").EnumerateArray(), item => item.GetString("direction") == "in");
        Assert.True(answer.GetProperty("messageType").GetInt32() == 3 && answer.GetString("action") == "Reset",
            $"Expected the charge point's CALLRESULT to be logged with the action of the Reset it answers: {answer}");
    }
}
