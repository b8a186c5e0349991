using System.Net;
using System.Net.Http.Json;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Api;

/// <summary>
/// OCPP 2.0.1 idTokens run to 36 characters, OCPP 1.6 idTags to 20: the CSMS keeps and authorizes the longer ones,
/// and a 1.6 charge point is never sent one, neither in a command nor as a parent tag in an answer.
/// </summary>
[Collection(CsmsCollection.Name)]
public sealed class LongIdTokenTests(CsmsHostFixture fixture)
{
    private CsmsHost Host => fixture.Host;

    [Fact]
    public async Task A_36_character_token_is_kept_and_authorized_by_a_2_0_1_station()
    {
        var token = LongToken();
        await ApiAssert.JsonAsync(await Host.Api.PutAsJsonAsync($"/api/id-tags/{token}", new { status = "Accepted", idTokenType = "eMAID" }), HttpStatusCode.Created);
        await using var station = await TestChargePoint.ConnectV201Async(Host, Fresh.ChargePointId());
        await station.CallAsync("BootNotification", V201Messages.BootNotification());

        var answer = await station.CallAsync("Authorize", V201Messages.Authorize(token, "eMAID"));

        Assert.True(answer.GetProperty("idTokenInfo").GetString("status") == "Accepted", $"Expected the 36-character token to be Accepted, but the answer was {answer}.");
        var read = await ApiAssert.JsonAsync(await Host.Api.GetAsync($"/api/id-tags/{token}"), HttpStatusCode.OK);
        Assert.Equal(token, read.GetString("idTag"));
    }

    [Fact]
    public async Task A_remote_start_with_a_36_character_token_is_refused_for_a_1_6_charge_point_and_never_sent()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        await chargePoint.CallAsync("BootNotification", V16Messages.BootNotification());

        var response = await Host.Api.PostAsJsonAsync($"/api/charge-points/{chargePoint.Id}/remote-start", new { idTag = LongToken(), connectorId = 1 });

        await ApiAssert.ProblemAsync(response, HttpStatusCode.Conflict);
        Assert.True(chargePoint.ServerCalls.IsEmpty, $"Expected nothing sent to the 1.6 charge point, but it got {string.Join(", ", chargePoint.ServerCalls.Select(c => c.Action))}.");
    }

    [Fact]
    public async Task A_1_6_charge_point_is_told_a_tag_s_status_without_a_parent_longer_than_20_characters()
    {
        var parent = LongToken();
        var tag = Fresh.IdTag();
        await ApiAssert.JsonAsync(await Host.Api.PutAsJsonAsync($"/api/id-tags/{tag}", new { status = "Accepted", parentIdTag = parent }), HttpStatusCode.Created);
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        await chargePoint.CallAsync("BootNotification", V16Messages.BootNotification());

        var answer = await chargePoint.CallAsync("Authorize", V16Messages.Authorize(tag));

        var info = answer.GetProperty("idTagInfo");
        Assert.True(info.GetString("status") == "Accepted" && !info.TryGetProperty("parentIdTag", out _),
            $"Expected Accepted without the 36-character parent tag, but the answer was {answer}.");
        chargePoint.AssertAllServerFramesValid();
    }

    private static string LongToken() => $"DE8AA{Guid.NewGuid():N}"[..36].ToUpperInvariant();
}
