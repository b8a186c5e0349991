using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansCsms.Tests.Api;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Ocpp;

[Collection(CsmsCollection.Name)]
public sealed class SecurityEventTests(CsmsHostFixture fixture)
{
    private CsmsHost Host => fixture.Host;

    [Fact]
    public async Task Security_events_are_acknowledged_and_listed_newest_first_with_the_critical_ones_marked()
    {
        await using var chargePoint = await BootedChargePointAsync();
        var occurred = DateTimeOffset.UtcNow.AddMinutes(-1);

        var first = await chargePoint.CallAsync("SecurityEventNotification", new { type = "FailedToAuthenticateAtCentralSystem", timestamp = occurred, techInfo = "wrong password" });
        await chargePoint.CallAsync("SecurityEventNotification", new { type = "TamperDetectionActivated", timestamp = occurred.AddSeconds(1) });

        Assert.True(first.ValueKind == JsonValueKind.Object && !first.EnumerateObject().Any(), $"Expected an empty SecurityEventNotification.conf, but got {first}.");
        var events = await ListAsync(chargePoint.Id);
        var items = events.GetProperty("items").EnumerateArray().ToList();
        Assert.True(
            items is [var newest, var oldest]
            && newest.GetString("type") == "TamperDetectionActivated" && newest.GetProperty("critical").GetBoolean()
            && oldest.GetString("type") == "FailedToAuthenticateAtCentralSystem" && !oldest.GetProperty("critical").GetBoolean()
            && oldest.GetString("techInfo") == "wrong password" && oldest.GetProperty("timestamp").GetDateTimeOffset() == occurred,
            $"Expected the tamper event (critical) and then the failed authentication (not critical, with its techInfo), but got {events}.");
        chargePoint.AssertAllServerFramesValid();
    }

    [Fact]
    public async Task Events_can_be_listed_by_type_and_a_vendors_own_type_is_kept_as_not_critical()
    {
        await using var chargePoint = await BootedChargePointAsync();
        await chargePoint.CallAsync("SecurityEventNotification", new { type = "AcmeDoorOpened", timestamp = DateTimeOffset.UtcNow });
        await chargePoint.CallAsync("SecurityEventNotification", new { type = "FirmwareUpdated", timestamp = DateTimeOffset.UtcNow });

        var vendors = await ListAsync(chargePoint.Id, "?type=AcmeDoorOpened");

        Assert.True(
            vendors.GetProperty("totalCount").GetInt64() == 1
            && vendors.GetProperty("items")[0] is var only && only.GetString("type") == "AcmeDoorOpened" && !only.GetProperty("critical").GetBoolean(),
            $"Expected only the vendor's event, not critical, but got {vendors}.");
    }

    [Fact]
    public async Task An_event_with_a_type_longer_than_the_schema_allows_is_refused_and_nothing_is_stored()
    {
        await using var chargePoint = await BootedChargePointAsync();

        var error = await Assert.ThrowsAsync<OcppCallErrorException>(() =>
            chargePoint.CallAsync("SecurityEventNotification", new { type = new string('x', 51), timestamp = DateTimeOffset.UtcNow }));

        Assert.True(error.ErrorCode is "PropertyConstraintViolation" or "OccurenceConstraintViolation" or "FormationViolation",
            $"Expected a constraint violation for a 51-character type, but got {error.ErrorCode}: {error.Description}.");
        Assert.Equal(0, (await ListAsync(chargePoint.Id)).GetProperty("totalCount").GetInt64());
    }

    [Fact]
    public async Task A_deleted_charge_points_events_go_with_it()
    {
        var id = Fresh.ChargePointId();
        await using (var chargePoint = await TestChargePoint.ConnectAsync(Host, id))
        {
            await chargePoint.CallAsync("BootNotification", V16Messages.BootNotification());
            await chargePoint.CallAsync("SecurityEventNotification", new { type = "ResetOrReboot", timestamp = DateTimeOffset.UtcNow });
        }

        await ApiAssert.NoContentAsync(await Host.Api.DeleteAsync($"/api/charge-points/{id}"));
        await ApiAssert.JsonAsync(await Host.Api.PostAsJsonAsync("/api/charge-points", new { id }), HttpStatusCode.Created);

        await Poll.UntilAsync(
            async _ => (await ListAsync(id)).GetProperty("totalCount").GetInt64() == 0,
            TimeSpan.FromSeconds(15),
            $"the security events of the deleted charge point {id} to be gone when it is registered again");
    }

    [Fact]
    public async Task The_events_of_an_unknown_charge_point_are_not_found_and_a_bad_page_is_a_validation_problem()
    {
        await ApiAssert.ProblemAsync(await Host.Api.GetAsync($"/api/charge-points/{Fresh.ChargePointId()}/security-events"), HttpStatusCode.NotFound);
        await ApiAssert.ValidationProblemAsync(await Host.Api.GetAsync($"/api/charge-points/{Fresh.ChargePointId()}/security-events?pageSize=0"), "pageSize");
    }

    private async Task<TestChargePoint> BootedChargePointAsync()
    {
        var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        await chargePoint.CallAsync("BootNotification", V16Messages.BootNotification());
        return chargePoint;
    }

    private async Task<JsonElement> ListAsync(string id, string query = "") =>
        await ApiAssert.JsonAsync(await Host.Api.GetAsync($"/api/charge-points/{id}/security-events{query}"), HttpStatusCode.OK);
}
