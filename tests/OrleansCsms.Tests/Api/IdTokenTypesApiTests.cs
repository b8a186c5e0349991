using System.Net;
using System.Net.Http.Json;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Api;

/// <summary>
/// What an id tag's OCPP 2.0.1 details do: its idToken type decides which types a station may present it as, and its
/// personal message reaches 2.0.1 stations in idTokenInfo, never a 1.6 charge point, whose schema has no such field.
/// </summary>
[Collection(CsmsCollection.Name)]
public sealed class IdTokenTypesApiTests(CsmsHostFixture fixture)
{
    private CsmsHost Host => fixture.Host;

    [Theory]
    [InlineData("ISO14443", "ISO14443", "Accepted")]
    [InlineData("ISO14443", "Central", "Accepted")]
    [InlineData("ISO14443", "KeyCode", "Invalid")]
    [InlineData("eMAID", "ISO15693", "Invalid")]
    [InlineData(null, "MacAddress", "Accepted")]
    [InlineData(null, "Local", "Accepted")]
    public async Task A_tag_is_authorized_as_its_own_type_or_Central_and_an_untyped_tag_as_any(string? tagType, string presentedType, string expected)
    {
        var tag = Fresh.IdTag();
        await ApiAssert.JsonAsync(await Host.Api.PutAsJsonAsync($"/api/id-tags/{tag}", new { status = "Accepted", idTokenType = tagType }), HttpStatusCode.Created);
        await using var station = await BootedStationAsync();

        var answer = await station.CallAsync("Authorize", V201Messages.Authorize(tag, presentedType));

        var status = answer.GetProperty("idTokenInfo").GetString("status");
        Assert.True(status == expected, $"Expected a tag of type {tagType ?? "(any)"} presented as {presentedType} to be {expected}, but it was {answer}.");
    }

    [Fact]
    public async Task A_typed_tag_presented_as_another_type_does_not_start_a_transaction()
    {
        var tag = Fresh.IdTag();
        await ApiAssert.JsonAsync(await Host.Api.PutAsJsonAsync($"/api/id-tags/{tag}", new { status = "Accepted", idTokenType = "ISO14443" }), HttpStatusCode.Created);
        await using var station = await BootedStationAsync();

        var answer = await station.CallAsync("TransactionEvent", V201Messages.TransactionEvent(
            "Started", Guid.NewGuid().ToString(), 0, DateTimeOffset.UtcNow, "Authorized", energyWh: 0, idToken: tag, idTokenType: "KeyCode"));

        Assert.Equal("Invalid", answer.GetProperty("idTokenInfo").GetString("status"));
        var read = await ApiAssert.JsonAsync(await Host.Api.GetAsync($"/api/id-tags/{tag}"), HttpStatusCode.OK);
        Assert.Equal(0, read.GetProperty("activeTransactionIds").GetArrayLength());
    }

    [Fact]
    public async Task A_personal_message_reaches_a_2_0_1_station_and_not_a_1_6_charge_point()
    {
        var tag = Fresh.IdTag();
        await ApiAssert.JsonAsync(
            await Host.Api.PutAsJsonAsync($"/api/id-tags/{tag}", new { status = "Accepted", personalMessage = "Welcome back", personalMessageLanguage = "en" }),
            HttpStatusCode.Created);
        await using var station = await BootedStationAsync();
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        await chargePoint.CallAsync("BootNotification", V16Messages.BootNotification());

        var v201 = await station.CallAsync("Authorize", V201Messages.Authorize(tag));
        var v16 = await chargePoint.CallAsync("Authorize", V16Messages.Authorize(tag));

        var message = v201.GetProperty("idTokenInfo").GetProperty("personalMessage");
        Assert.Equal(("UTF8", "en", "Welcome back"), (message.GetString("format"), message.GetString("language"), message.GetString("content")));
        Assert.False(v16.GetProperty("idTagInfo").TryGetProperty("personalMessage", out _), $"Expected a 1.6 idTagInfo without a personal message, but it was {v16}.");
        station.AssertAllServerFramesValid();
        chargePoint.AssertAllServerFramesValid();
    }

    [Theory]
    [InlineData("""{"status":"Accepted","idTokenType":"Central"}""", "idTokenType")]
    [InlineData("""{"status":"Accepted","idTokenType":"iso14443"}""", "idTokenType")]
    [InlineData("""{"status":"Accepted","personalMessageLanguage":"en"}""", "personalMessageLanguage")]
    [InlineData("""{"status":"Accepted","personalMessage":"Hi","personalMessageLanguage":"en-GB-oxendict"}""", "personalMessageLanguage")]
    [InlineData("""{"status":"Accepted","personalMessage":""}""", "personalMessage")]
    public async Task Invalid_token_details_are_a_validation_problem_naming_the_field(string body, string field)
    {
        var response = await Host.Api.PutAsync($"/api/id-tags/{Fresh.IdTag()}", ApiAssert.RawJson(body));

        await ApiAssert.ValidationProblemAsync(response, field);
    }

    private async Task<TestChargePoint> BootedStationAsync()
    {
        var station = await TestChargePoint.ConnectV201Async(Host, Fresh.ChargePointId());
        await station.CallAsync("BootNotification", V201Messages.BootNotification());
        return station;
    }
}
