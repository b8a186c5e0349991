using System.Net;
using System.Net.Http.Json;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Api;

[Collection(CsmsCollection.Name)]
public sealed class ChargingProfilesApiTests(CsmsHostFixture fixture)
{
    private const string Schedule = """{"duration":3600,"startSchedule":"2099-01-01T00:00:00Z","chargingRateUnit":"A","chargingSchedulePeriod":[{"startPeriod":0,"limit":6.0}]}""";

    private CsmsHost Host => fixture.Host;

    public static TheoryData<int, string, string> InvalidProfiles => new()
    {
        { 1, """{"stackLevel":0,"chargingProfilePurpose":"TxDefaultProfile","chargingProfileKind":"Absolute","chargingSchedule":SCHEDULE}""", "chargingProfile.chargingProfileId" },
        { 1, """{"chargingProfileId":0,"stackLevel":0,"chargingProfilePurpose":"TxDefaultProfile","chargingProfileKind":"Absolute","chargingSchedule":SCHEDULE}""", "chargingProfile.chargingProfileId" },
        { 1, """{"chargingProfileId":1,"stackLevel":-1,"chargingProfilePurpose":"TxDefaultProfile","chargingProfileKind":"Absolute","chargingSchedule":SCHEDULE}""", "chargingProfile.stackLevel" },
        { 1, """{"chargingProfileId":1,"stackLevel":0,"chargingProfilePurpose":"Other","chargingProfileKind":"Absolute","chargingSchedule":SCHEDULE}""", "chargingProfile.chargingProfilePurpose" },
        { 1, """{"chargingProfileId":1,"stackLevel":0,"chargingProfilePurpose":"ChargePointMaxProfile","chargingProfileKind":"Absolute","chargingSchedule":SCHEDULE}""", "connectorId" },
        { 0, """{"chargingProfileId":1,"stackLevel":0,"chargingProfilePurpose":"TxProfile","chargingProfileKind":"Absolute","chargingSchedule":SCHEDULE}""", "connectorId" },
        { 33, """{"chargingProfileId":1,"stackLevel":0,"chargingProfilePurpose":"TxDefaultProfile","chargingProfileKind":"Absolute","chargingSchedule":SCHEDULE}""", "connectorId" },
        { 1, """{"chargingProfileId":1,"transactionId":5,"stackLevel":0,"chargingProfilePurpose":"TxDefaultProfile","chargingProfileKind":"Absolute","chargingSchedule":SCHEDULE}""", "chargingProfile.transactionId" },
        { 1, """{"chargingProfileId":1,"stackLevel":0,"chargingProfilePurpose":"TxDefaultProfile","chargingProfileKind":"Recurring","chargingSchedule":SCHEDULE}""", "chargingProfile.recurrencyKind" },
        { 1, """{"chargingProfileId":1,"stackLevel":0,"chargingProfilePurpose":"TxDefaultProfile","chargingProfileKind":"Absolute","recurrencyKind":"Daily","chargingSchedule":SCHEDULE}""", "chargingProfile.recurrencyKind" },
        { 1, """{"chargingProfileId":1,"stackLevel":0,"chargingProfilePurpose":"TxDefaultProfile","chargingProfileKind":"Relative","chargingSchedule":SCHEDULE}""", "chargingProfile.chargingSchedule.startSchedule" },
        { 1, """{"chargingProfileId":1,"stackLevel":0,"chargingProfilePurpose":"TxDefaultProfile","chargingProfileKind":"Absolute","chargingSchedule":{"chargingRateUnit":"A","chargingSchedulePeriod":[{"startPeriod":0,"limit":6.0}]}}""", "chargingProfile.chargingSchedule.startSchedule" },
        { 1, """{"chargingProfileId":1,"stackLevel":0,"chargingProfilePurpose":"TxDefaultProfile","chargingProfileKind":"Absolute","validFrom":"2099-01-02T00:00:00Z","validTo":"2099-01-01T00:00:00Z","chargingSchedule":SCHEDULE}""", "chargingProfile.validTo" },
        { 1, """{"chargingProfileId":1,"stackLevel":0,"chargingProfilePurpose":"TxDefaultProfile","chargingProfileKind":"Absolute"}""", "chargingProfile.chargingSchedule" },
        { 1, """{"chargingProfileId":1,"stackLevel":0,"chargingProfilePurpose":"TxDefaultProfile","chargingProfileKind":"Relative","chargingSchedule":{"chargingRateUnit":"kW","chargingSchedulePeriod":[{"startPeriod":0,"limit":6.0}]}}""", "chargingProfile.chargingSchedule.chargingRateUnit" },
        { 1, """{"chargingProfileId":1,"stackLevel":0,"chargingProfilePurpose":"TxDefaultProfile","chargingProfileKind":"Relative","chargingSchedule":{"chargingRateUnit":"A","chargingSchedulePeriod":[]}}""", "chargingProfile.chargingSchedule.chargingSchedulePeriod" },
        { 1, """{"chargingProfileId":1,"stackLevel":0,"chargingProfilePurpose":"TxDefaultProfile","chargingProfileKind":"Relative","chargingSchedule":{"chargingRateUnit":"A","chargingSchedulePeriod":[{"startPeriod":60,"limit":6.0}]}}""", "chargingProfile.chargingSchedule.chargingSchedulePeriod[0].startPeriod" },
        { 1, """{"chargingProfileId":1,"stackLevel":0,"chargingProfilePurpose":"TxDefaultProfile","chargingProfileKind":"Relative","chargingSchedule":{"chargingRateUnit":"A","chargingSchedulePeriod":[{"startPeriod":0,"limit":6.0},{"startPeriod":0,"limit":8.0}]}}""", "chargingProfile.chargingSchedule.chargingSchedulePeriod[1].startPeriod" },
        { 1, """{"chargingProfileId":1,"stackLevel":0,"chargingProfilePurpose":"TxDefaultProfile","chargingProfileKind":"Relative","chargingSchedule":{"chargingRateUnit":"A","chargingSchedulePeriod":[{"startPeriod":0,"limit":0}]}}""", "chargingProfile.chargingSchedule.chargingSchedulePeriod[0].limit" },
        { 1, """{"chargingProfileId":1,"stackLevel":0,"chargingProfilePurpose":"TxDefaultProfile","chargingProfileKind":"Relative","chargingSchedule":{"chargingRateUnit":"A","chargingSchedulePeriod":[{"startPeriod":0}]}}""", "chargingProfile.chargingSchedule.chargingSchedulePeriod[0].limit" },
        { 1, """{"chargingProfileId":1,"stackLevel":0,"chargingProfilePurpose":"TxDefaultProfile","chargingProfileKind":"Relative","chargingSchedule":{"chargingRateUnit":"A","chargingSchedulePeriod":[{"startPeriod":0,"limit":6.0,"numberPhases":4}]}}""", "chargingProfile.chargingSchedule.chargingSchedulePeriod[0].numberPhases" },

        // Past the OCPP rules, the official schema: limits are multiples of 0.1.
        { 1, """{"chargingProfileId":1,"stackLevel":0,"chargingProfilePurpose":"TxDefaultProfile","chargingProfileKind":"Relative","chargingSchedule":{"chargingRateUnit":"A","chargingSchedulePeriod":[{"startPeriod":0,"limit":6.05}]}}""", "chargingProfile.chargingSchedule.chargingSchedulePeriod[0].limit" },
    };

    [Theory]
    [MemberData(nameof(InvalidProfiles))]
    public async Task An_invalid_charging_profile_is_a_validation_problem_naming_the_field_and_reaches_no_charge_point(int connectorId, string profile, string field)
    {
        await using var chargePoint = await BootedChargePointAsync();
        var body = $$"""{"connectorId":{{connectorId}},"chargingProfile":{{profile.Replace("SCHEDULE", Schedule, StringComparison.Ordinal)}}}""";

        var response = await Host.Api.PostAsync($"/api/charge-points/{chargePoint.Id}/charging-profiles", ApiAssert.RawJson(body));

        await ApiAssert.ValidationProblemAsync(response, field);
        Assert.True(chargePoint.ServerCalls.IsEmpty, $"Expected an invalid profile to send nothing, but the charge point got {string.Join(", ", chargePoint.ServerCalls.Select(c => c.Action))}.");
    }

    [Fact]
    public async Task A_TxProfile_for_a_connector_without_a_transaction_is_a_validation_problem_and_is_not_sent()
    {
        await using var chargePoint = await BootedChargePointAsync();

        var response = await Host.Api.PostAsJsonAsync($"/api/charge-points/{chargePoint.Id}/charging-profiles", new { connectorId = 1, chargingProfile = RelativeProfile("TxProfile") });

        await ApiAssert.ValidationProblemAsync(response, "connectorId");
        Assert.True(chargePoint.ServerCalls.IsEmpty, "Expected a TxProfile with no transaction to go with it to send nothing.");
    }

    [Fact]
    public async Task A_profile_on_a_connector_the_charge_point_does_not_have_is_a_validation_problem()
    {
        await using var chargePoint = await BootedChargePointAsync();

        var response = await Host.Api.PostAsJsonAsync($"/api/charge-points/{chargePoint.Id}/charging-profiles", new { connectorId = 7, chargingProfile = RelativeProfile("TxDefaultProfile") });

        await ApiAssert.ValidationProblemAsync(response, "connectorId");
        Assert.True(chargePoint.ServerCalls.IsEmpty, "Expected a profile for connector 7 of a charge point with connector 1 only to send nothing.");
    }

    [Fact]
    public async Task A_profile_the_charge_point_rejects_is_answered_200_with_its_status_and_not_kept()
    {
        await using var chargePoint = await BootedChargePointAsync();
        chargePoint.OnServerCall = (_, _) => ServerCallAnswer.Result(new { status = "Rejected" });

        var response = await Host.Api.PostAsJsonAsync($"/api/charge-points/{chargePoint.Id}/charging-profiles", new { connectorId = 1, chargingProfile = RelativeProfile("TxDefaultProfile") });

        var answer = await ApiAssert.JsonAsync(response, HttpStatusCode.OK);
        Assert.Equal("Rejected", answer.GetString("status"));
        var listed = await ApiAssert.JsonAsync(await Host.Api.GetAsync($"/api/charge-points/{chargePoint.Id}/charging-profiles"), HttpStatusCode.OK);
        Assert.Equal(0, listed.GetProperty("profiles").GetArrayLength());
    }

    [Fact]
    public async Task A_profile_for_a_charge_point_that_is_not_connected_is_a_conflict()
    {
        var id = Fresh.ChargePointId();
        (await Host.Api.PostAsJsonAsync("/api/charge-points", new { id })).EnsureSuccessStatusCode();

        var response = await Host.Api.PostAsJsonAsync($"/api/charge-points/{id}/charging-profiles", new { connectorId = 1, chargingProfile = RelativeProfile("TxDefaultProfile") });

        await ApiAssert.ProblemAsync(response, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Charging_profiles_of_an_unknown_charge_point_are_not_found()
    {
        var id = Fresh.ChargePointId();

        await ApiAssert.ProblemAsync(await Host.Api.GetAsync($"/api/charge-points/{id}/charging-profiles"), HttpStatusCode.NotFound);
        await ApiAssert.ProblemAsync(
            await Host.Api.PostAsJsonAsync($"/api/charge-points/{id}/charging-profiles", new { connectorId = 1, chargingProfile = RelativeProfile("TxDefaultProfile") }),
            HttpStatusCode.NotFound);
        await ApiAssert.ProblemAsync(await Host.Api.DeleteAsync($"/api/charge-points/{id}/charging-profiles"), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("?chargingProfilePurpose=Other", "chargingProfilePurpose")]
    [InlineData("?chargingProfileId=0", "chargingProfileId")]
    [InlineData("?connectorId=-1", "connectorId")]
    [InlineData("?stackLevel=-1", "stackLevel")]
    public async Task An_invalid_clear_is_a_validation_problem(string query, string field)
    {
        await using var chargePoint = await BootedChargePointAsync();

        await ApiAssert.ValidationProblemAsync(await Host.Api.DeleteAsync($"/api/charge-points/{chargePoint.Id}/charging-profiles{query}"), field);
        Assert.True(chargePoint.ServerCalls.IsEmpty, "Expected an invalid clear to send nothing.");
    }

    [Theory]
    [InlineData("?duration=60", "connectorId")]
    [InlineData("?connectorId=1", "duration")]
    [InlineData("?connectorId=1&duration=0", "duration")]
    [InlineData("?connectorId=1&duration=60&chargingRateUnit=kW", "chargingRateUnit")]
    public async Task An_invalid_composite_schedule_request_is_a_validation_problem(string query, string field)
    {
        await using var chargePoint = await BootedChargePointAsync();

        await ApiAssert.ValidationProblemAsync(await Host.Api.GetAsync($"/api/charge-points/{chargePoint.Id}/composite-schedule{query}"), field);
        Assert.True(chargePoint.ServerCalls.IsEmpty, "Expected an invalid composite schedule request to send nothing.");
    }

    [Theory]
    [InlineData("TxDefaultProfile", null, "chargingProfile.chargingProfilePurpose")]
    [InlineData("TxProfile", 5, "chargingProfile.transactionId")]
    public async Task A_remote_start_with_a_profile_other_than_a_TxProfile_for_the_new_transaction_is_a_validation_problem(string purpose, int? transactionId, string field)
    {
        await using var chargePoint = await BootedChargePointAsync();
        var profile = new
        {
            chargingProfileId = 1,
            transactionId,
            stackLevel = 0,
            chargingProfilePurpose = purpose,
            chargingProfileKind = "Relative",
            chargingSchedule = new { chargingRateUnit = "A", chargingSchedulePeriod = new[] { new { startPeriod = 0, limit = 6.0m } } },
        };

        var response = await Host.Api.PostAsJsonAsync($"/api/charge-points/{chargePoint.Id}/remote-start", new { connectorId = 1, idTag = "TAG", chargingProfile = profile });

        await ApiAssert.ValidationProblemAsync(response, field);
        Assert.True(chargePoint.ServerCalls.IsEmpty, "Expected an invalid remote start to send nothing.");
    }

    [Fact]
    public async Task The_computed_composite_schedule_caps_the_connectors_default_by_the_charge_points_maximum_and_sends_nothing()
    {
        await using var chargePoint = await BootedChargePointAsync();
        var profiles = $"/api/charge-points/{chargePoint.Id}/charging-profiles";
        var start = DateTimeOffset.UtcNow.AddMinutes(-1);
        await ApiAssert.JsonAsync(await Host.Api.PostAsJsonAsync(profiles, new { connectorId = 0, chargingProfile = AbsoluteProfile(1, "ChargePointMaxProfile", start, (0, 32.0m), (1800, 8.0m)) }), HttpStatusCode.Created);
        await ApiAssert.JsonAsync(await Host.Api.PostAsJsonAsync(profiles, new { connectorId = 1, chargingProfile = AbsoluteProfile(2, "TxDefaultProfile", start, (0, 16.0m)) }), HttpStatusCode.Created);
        var sent = chargePoint.ServerCalls.Count;

        var composite = await ApiAssert.JsonAsync(await Host.Api.GetAsync($"{profiles}/composite?connectorId=1&duration=3600"), HttpStatusCode.OK);

        var periods = composite.GetProperty("periods").EnumerateArray().Select(p => (p.GetProperty("startPeriod").GetInt32(), p.GetProperty("limit").GetDecimal())).ToList();
        Assert.True(periods is [(0, 16.0m), (var capped, 8.0m)] && capped is > 1700 and <= 1740,
            $"Expected 16 A (the connector's default, under the 32 A maximum), then 8 A from about 1740 s (the maximum's second period), but got {composite}.");
        Assert.Equal(sent, chargePoint.ServerCalls.Count);
    }

    [Theory]
    [InlineData("?duration=60", "connectorId")]
    [InlineData("?connectorId=1", "duration")]
    [InlineData("?connectorId=1&duration=99999999", "duration")]
    public async Task An_invalid_computed_composite_schedule_request_is_a_validation_problem(string query, string field)
    {
        await using var chargePoint = await BootedChargePointAsync();

        await ApiAssert.ValidationProblemAsync(await Host.Api.GetAsync($"/api/charge-points/{chargePoint.Id}/charging-profiles/composite{query}"), field);
    }

    private static object AbsoluteProfile(int chargingProfileId, string purpose, DateTimeOffset startSchedule, params (int Start, decimal Limit)[] periods) => new
    {
        chargingProfileId,
        stackLevel = 0,
        chargingProfilePurpose = purpose,
        chargingProfileKind = "Absolute",
        chargingSchedule = new { startSchedule, chargingRateUnit = "A", chargingSchedulePeriod = periods.Select(p => new { startPeriod = p.Start, limit = p.Limit }) },
    };

    private static object RelativeProfile(string purpose) => new
    {
        chargingProfileId = 1,
        stackLevel = 0,
        chargingProfilePurpose = purpose,
        chargingProfileKind = "Relative",
        chargingSchedule = new { chargingRateUnit = "A", chargingSchedulePeriod = new[] { new { startPeriod = 0, limit = 6.0m } } },
    };

    private async Task<TestChargePoint> BootedChargePointAsync()
    {
        var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        await chargePoint.CallAsync("BootNotification", V16Messages.BootNotification());
        await chargePoint.CallAsync("StatusNotification", V16Messages.StatusNotification(0, "Available"));
        await chargePoint.CallAsync("StatusNotification", V16Messages.StatusNotification(1, "Available"));
        return chargePoint;
    }
}
