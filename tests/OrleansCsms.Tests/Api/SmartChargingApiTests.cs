using System.Net;
using System.Net.Http.Json;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Api;

/// <summary>The operator's checks on OCPP 2.0.1 smart charging: what is refused before anything reaches a station.</summary>
[Collection(CsmsCollection.Name)]
public sealed class SmartChargingApiTests(CsmsHostFixture fixture)
{
    private CsmsHost Host => fixture.Host;

    [Fact]
    public async Task A_ChargingStationExternalConstraints_profile_is_a_validation_problem_as_no_CSMS_sets_one()
    {
        await using var station = await BootedStationAsync();

        var response = await Host.Api.PostAsJsonAsync(
            $"/api/charge-points/{station.Id}/charging-profiles", new { connectorId = 1, chargingProfile = Profile("ChargingStationExternalConstraints", "Absolute") });

        await ApiAssert.ValidationProblemAsync(response, "chargingProfile.chargingProfilePurpose");
        Assert.True(station.ServerCalls.IsEmpty, $"Expected nothing sent, but the station got {string.Join(", ", station.ServerCalls.Select(c => c.Action))}.");
    }

    [Fact]
    public async Task A_TxProfile_for_EVSE_0_of_a_201_station_is_a_validation_problem()
    {
        await using var station = await BootedStationAsync();

        var response = await Host.Api.PostAsJsonAsync(
            $"/api/charge-points/{station.Id}/charging-profiles", new { connectorId = 0, chargingProfile = Profile("TxProfile", "Relative") });

        await ApiAssert.ValidationProblemAsync(response, "connectorId");
        Assert.True(station.ServerCalls.IsEmpty, "Expected nothing sent for a TxProfile on EVSE 0.");
    }

    [Fact]
    public async Task A_TxProfile_naming_a_transaction_that_is_not_running_is_a_validation_problem()
    {
        await using var station = await BootedStationAsync();

        var response = await Host.Api.PostAsJsonAsync(
            $"/api/charge-points/{station.Id}/charging-profiles", new { connectorId = 1, chargingProfile = Profile("TxProfile", "Relative", transactionId: 42) });

        await ApiAssert.ValidationProblemAsync(response, "connectorId");
    }

    [Fact]
    public async Task A_phaseToUse_is_a_validation_problem_for_a_16_charge_point()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        await chargePoint.CallAsync("BootNotification", V16Messages.BootNotification());

        var response = await Host.Api.PostAsJsonAsync(
            $"/api/charge-points/{chargePoint.Id}/charging-profiles", new { connectorId = 1, chargingProfile = Profile("TxDefaultProfile", "Absolute", phaseToUse: 2) });

        await ApiAssert.ValidationProblemAsync(response, "chargingProfile.chargingSchedule.chargingSchedulePeriod[0].phaseToUse");
    }

    [Fact]
    public async Task A_single_phase_period_reaches_a_201_station_with_its_phase()
    {
        await using var station = await BootedStationAsync();

        var response = await Host.Api.PostAsJsonAsync(
            $"/api/charge-points/{station.Id}/charging-profiles", new { connectorId = 1, chargingProfile = Profile("TxDefaultProfile", "Absolute", phaseToUse: 2) });

        await ApiAssert.JsonAsync(response, HttpStatusCode.Created);
        var (_, request) = Assert.Single(station.ServerCalls);
        var period = request.GetProperty("chargingProfile").GetProperty("chargingSchedule")[0].GetProperty("chargingSchedulePeriod")[0];
        Assert.Equal(2, period.GetProperty("phaseToUse").GetInt32());
    }

    [Fact]
    public async Task Asking_a_16_charge_point_for_its_profiles_is_a_conflict_saying_it_is_201_only()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        await chargePoint.CallAsync("BootNotification", V16Messages.BootNotification());

        var response = await Host.Api.PostAsJsonAsync($"/api/charge-points/{chargePoint.Id}/charging-profile-reports", new { evseId = 1 });

        var problem = await ApiAssert.ProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Contains("2.0.1", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(chargePoint.ServerCalls.IsEmpty, "Expected nothing sent to a 1.6 charge point.");
    }

    [Fact]
    public async Task Report_criteria_out_of_range_are_a_validation_problem_naming_each()
    {
        await using var station = await BootedStationAsync();

        var response = await Host.Api.PostAsJsonAsync(
            $"/api/charge-points/{station.Id}/charging-profile-reports",
            new { evseId = -1, chargingProfilePurpose = "Other", stackLevel = -1, chargingProfileId = Array.Empty<int>(), chargingLimitSource = new[] { "Grid" } });

        await ApiAssert.ValidationProblemAsync(response, "evseId", "chargingProfilePurpose", "stackLevel", "chargingProfileId", "chargingLimitSource");
        Assert.True(station.ServerCalls.IsEmpty, "Expected nothing sent for invalid criteria.");
    }

    [Fact]
    public async Task An_unknown_report_is_not_found()
    {
        await using var station = await BootedStationAsync();

        var response = await Host.Api.GetAsync($"/api/charge-points/{station.Id}/charging-profile-reports/77");

        await ApiAssert.ProblemAsync(response, HttpStatusCode.NotFound);
    }

    private static object Profile(string purpose, string kind, int? phaseToUse = null, int? transactionId = null) => new
    {
        chargingProfileId = 7,
        stackLevel = 0,
        chargingProfilePurpose = purpose,
        chargingProfileKind = kind,
        transactionId,
        chargingSchedule = new
        {
            chargingRateUnit = "A",
            startSchedule = kind == "Relative" ? (DateTimeOffset?)null : DateTimeOffset.UtcNow,
            chargingSchedulePeriod = new[] { new { startPeriod = 0, limit = 10m, numberPhases = phaseToUse is null ? (int?)null : 1, phaseToUse } },
        },
    };

    private async Task<TestChargePoint> BootedStationAsync()
    {
        var station = await TestChargePoint.ConnectV201Async(Host, Fresh.ChargePointId());
        await station.CallAsync("BootNotification", V201Messages.BootNotification());
        await station.CallAsync("StatusNotification", V201Messages.StatusNotification(1, "Available"));
        return station;
    }
}
