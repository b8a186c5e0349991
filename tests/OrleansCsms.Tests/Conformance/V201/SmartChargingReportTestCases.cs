using System.Text.Json;
using OrleansCsms.Tests.Infrastructure;
using static OrleansCsms.Tests.Conformance.V201.SmartChargingSteps;

namespace OrleansCsms.Tests.Conformance.V201;

/// <summary>
/// OCTT 2.0.1 block K (smart charging), CSMS side, what the station reports: the profiles it holds
/// (GetChargingProfiles answered by ReportChargingProfiles, assembled by request id) and limits set outside the CSMS
/// (NotifyChargingLimit, ClearedChargingLimit).
/// </summary>
[Collection(OcttV201Collection.Name)]
public sealed class SmartChargingReportTestCases(CsmsHostFixture fixture) : StationTestCases(fixture)
{
    [Fact]
    public async Task TC_K_29_CSMS_Profiles_of_EVSE_0_by_purpose_are_asked_and_the_report_assembled()
    {
        var (station, _) = await ChargingStationAsync();

        var request = await RequestAndReportAsync(station, new { evseId = 0, chargingProfilePurpose = "ChargingStationMaxProfile" }, 0, "ChargingStationMaxProfile");

        Assert.Equal(0, request.GetProperty("evseId").GetInt32());
        AssertCriterion(request, "chargingProfilePurpose");
    }

    [Fact]
    public async Task TC_K_30_CSMS_Profiles_of_one_EVSE_are_asked_and_the_report_assembled()
    {
        var (station, _) = await ChargingStationAsync();

        var request = await RequestAndReportAsync(station, new { evseId = OcttStation.Evse, chargingProfilePurpose = "TxProfile" }, OcttStation.Evse, "TxProfile");

        Assert.Equal(OcttStation.Evse, request.GetProperty("evseId").GetInt32());
    }

    [Fact]
    public async Task TC_K_31_CSMS_Profiles_of_every_EVSE_are_asked_without_an_evseId()
    {
        var (station, _) = await ChargingStationAsync();

        var request = await RequestAndReportAsync(station, new { chargingProfilePurpose = "TxDefaultProfile" }, OcttStation.Evse, "TxDefaultProfile");

        Assert.False(request.TryGetProperty("evseId", out _), $"A request for every EVSE leaves evseId out, but it was {request}.");
    }

    [Fact]
    public async Task TC_K_32_CSMS_Profiles_are_asked_by_their_ids()
    {
        var (station, _) = await ChargingStationAsync();
        var id = ProfileId();

        var request = await RequestAndReportAsync(station, new { chargingProfileId = new[] { id } }, OcttStation.Evse, "TxDefaultProfile", id);

        Assert.Equal(id, Assert.Single(request.GetProperty("chargingProfile").GetProperty("chargingProfileId").EnumerateArray()).GetInt32());
        AssertCriterion(request, "chargingProfileId");
    }

    [Fact]
    public async Task TC_K_33_CSMS_Profiles_of_one_EVSE_are_asked_by_stack_level()
    {
        var (station, _) = await ChargingStationAsync();

        var request = await RequestAndReportAsync(station, new { evseId = OcttStation.Evse, stackLevel = 0 }, OcttStation.Evse, "TxDefaultProfile");

        AssertCriterion(request, "stackLevel");
    }

    [Fact]
    public async Task TC_K_34_CSMS_Profiles_of_one_EVSE_are_asked_by_limit_source_and_NoProfiles_completes_the_report()
    {
        var (station, _) = await ChargingStationAsync();
        station.Socket.OnServerCall = (_, _) => ServerCallAnswer.Result(new { status = "NoProfiles" });

        var answer = await Operator.PostAsync($"/api/charge-points/{station.Id}/charging-profile-reports", new { evseId = OcttStation.Evse, chargingLimitSource = new[] { "CSO" } });

        Assert.Equal("NoProfiles", answer.GetProperty("status").GetString());
        Assert.True(answer.GetProperty("complete").GetBoolean(), $"No part follows NoProfiles, so the report is complete, but it was {answer}.");
        var request = LastCall(station, "GetChargingProfiles");
        Assert.Equal("CSO", Assert.Single(request.GetProperty("chargingProfile").GetProperty("chargingLimitSource").EnumerateArray()).GetString());
        AssertCriterion(request, "chargingLimitSource");
    }

    [Fact]
    public async Task TC_K_35_CSMS_Profiles_of_one_EVSE_are_asked_by_purpose()
    {
        var (station, _) = await ChargingStationAsync();

        var request = await RequestAndReportAsync(station, new { evseId = OcttStation.Evse, chargingProfilePurpose = "TxDefaultProfile" }, OcttStation.Evse, "TxDefaultProfile");

        AssertCriterion(request, "chargingProfilePurpose");
    }

    [Fact]
    public async Task TC_K_36_CSMS_Profiles_of_one_EVSE_are_asked_by_purpose_and_stack_level_in_two_parts()
    {
        var (station, _) = await ChargingStationAsync();
        var answer = await Operator.PostAsync(
            $"/api/charge-points/{station.Id}/charging-profile-reports", new { evseId = OcttStation.Evse, chargingProfilePurpose = "TxDefaultProfile", stackLevel = 0 });
        var requestId = answer.GetProperty("requestId").GetInt32();

        await station.AcknowledgedAsync("ReportChargingProfiles", Report(requestId, OcttStation.Evse, "CSO", ReportedProfile(ProfileId(), "TxDefaultProfile", 10m), tbc: true));
        await station.AcknowledgedAsync("ReportChargingProfiles", Report(requestId, 0, "CSO", ReportedProfile(ProfileId(), "TxDefaultProfile", 12m)));

        AssertCriterion(LastCall(station, "GetChargingProfiles"), "chargingProfilePurpose", "stackLevel");
        var report = await Operator.GetAsync($"/api/charge-points/{station.Id}/charging-profile-reports/{requestId}");
        Assert.True(report.GetProperty("complete").GetBoolean(), $"Expected the report complete after its last part, but it was {report}.");
        Assert.Equal(2, report.GetProperty("reports").GetArrayLength());
    }

    [Fact]
    public async Task TC_K_48_CSMS_An_external_limit_from_an_EMS_is_acknowledged_and_recorded()
    {
        var station = await BootedStationAsync();

        await station.AcknowledgedAsync("NotifyChargingLimit", new { chargingLimit = new { chargingLimitSource = "EMS", isGridCritical = false } });

        var limit = Assert.Single((await Operator.GetAsync($"/api/charge-points/{station.Id}/charging-limits")).GetProperty("limits").EnumerateArray());
        Assert.Equal("EMS", limit.GetProperty("chargingLimitSource").GetString());
        Assert.True(limit.GetProperty("inForce").GetBoolean(), $"Expected the EMS limit in force, but it was {limit}.");
    }

    [Fact]
    public async Task TC_K_50_CSMS_A_released_external_limit_without_a_transaction_is_acknowledged_and_recorded_cleared()
    {
        var station = await BootedStationAsync();
        await station.AcknowledgedAsync("NotifyChargingLimit", new { chargingLimit = new { chargingLimitSource = "EMS" } });

        await station.AcknowledgedAsync("ClearedChargingLimit", new { chargingLimitSource = "EMS" });

        var limit = Assert.Single((await Operator.GetAsync($"/api/charge-points/{station.Id}/charging-limits")).GetProperty("limits").EnumerateArray());
        Assert.False(limit.GetProperty("inForce").GetBoolean(), $"Expected the EMS limit released, but it was {limit}.");
    }

    [Fact]
    public async Task TC_K_51_CSMS_A_released_external_limit_during_a_transaction_is_acknowledged_and_so_is_the_rate_change()
    {
        var (station, _) = await ChargingStationAsync();
        await station.AcknowledgedAsync("NotifyChargingLimit", new { evseId = OcttStation.Evse, chargingLimit = new { chargingLimitSource = "EMS" }, chargingSchedule = new[] { Schedule(10m) } });

        await station.AcknowledgedAsync("ClearedChargingLimit", new { chargingLimitSource = "EMS", evseId = OcttStation.Evse });
        await station.EventAsync("Updated", "ChargingRateChanged", chargingState: "Charging");

        var limit = Assert.Single((await Operator.GetAsync($"/api/charge-points/{station.Id}/charging-limits")).GetProperty("limits").EnumerateArray());
        Assert.Equal(OcttStation.Evse, limit.GetProperty("evseId").GetInt32());
        Assert.False(limit.GetProperty("inForce").GetBoolean(), $"Expected the EMS limit on EVSE {OcttStation.Evse} released, but it was {limit}.");
        await StationRecords.AssertOngoingAsync(Host, station);
    }

    [Fact]
    public async Task TC_K_52_CSMS_An_external_limit_with_its_schedule_and_the_report_of_it_are_acknowledged_and_kept()
    {
        var station = await BootedStationAsync();
        var requestId = Random.Shared.Next(1_000, 100_000);

        await station.AcknowledgedAsync("NotifyChargingLimit", new { evseId = OcttStation.Evse, chargingLimit = new { chargingLimitSource = "EMS" }, chargingSchedule = new[] { Schedule(12m) } });
        await station.AcknowledgedAsync("ReportChargingProfiles", Report(requestId, OcttStation.Evse, "EMS", ReportedProfile(ProfileId(), "ChargingStationExternalConstraints", 12m)));

        var limit = Assert.Single((await Operator.GetAsync($"/api/charge-points/{station.Id}/charging-limits")).GetProperty("limits").EnumerateArray());
        Assert.Equal(12m, limit.GetProperty("chargingSchedule")[0].GetProperty("chargingSchedulePeriod")[0].GetProperty("limit").GetDecimal());
        var report = await Operator.GetAsync($"/api/charge-points/{station.Id}/charging-profile-reports/{requestId}");
        Assert.Equal(JsonValueKind.Null, report.GetProperty("query").ValueKind);
        Assert.Equal("EMS", report.GetProperty("reports")[0].GetProperty("chargingLimitSource").GetString());
    }

    /// <summary>
    /// The operator asks for a report; the tool checks the request, answers Accepted and sends one part with a profile
    /// of <paramref name="purpose"/> on <paramref name="evseId"/>, which the CSMS acknowledges and keeps. Returns the request.
    /// </summary>
    private async Task<JsonElement> RequestAndReportAsync(OcttStation station, object criteria, int evseId, string purpose, int? profileId = null)
    {
        var answer = await Operator.PostAsync($"/api/charge-points/{station.Id}/charging-profile-reports", criteria);
        Assert.Equal("Accepted", answer.GetProperty("status").GetString());
        var request = LastCall(station, "GetChargingProfiles");
        var requestId = request.GetProperty("requestId").GetInt32();
        Assert.Equal(requestId, answer.GetProperty("requestId").GetInt32());

        var id = profileId ?? ProfileId();
        var transactionId = purpose == "TxProfile" ? station.TransactionId : null;
        await station.AcknowledgedAsync("ReportChargingProfiles", Report(requestId, evseId, "CSO", ReportedProfile(id, purpose, 16m, transactionId)));

        var report = await Operator.GetAsync($"/api/charge-points/{station.Id}/charging-profile-reports/{requestId}");
        Assert.True(report.GetProperty("complete").GetBoolean(), $"Expected the report of request {requestId} complete, but it was {report}.");
        var reported = Assert.Single(Assert.Single(report.GetProperty("reports").EnumerateArray()).GetProperty("profiles").EnumerateArray());
        Assert.Equal(id, reported.GetProperty("chargingProfile").GetProperty("chargingProfileId").GetInt32());
        if (transactionId is not null)
        {
            Assert.Equal(transactionId, reported.GetProperty("stationTransactionId").GetString());
        }

        return request;
    }

    /// <summary>The tool checks the criterion names exactly the fields the test case configures.</summary>
    private static void AssertCriterion(JsonElement request, params string[] fields)
    {
        var criterion = request.GetProperty("chargingProfile");
        var named = criterion.EnumerateObject().Select(p => p.Name).Order().ToList();
        Assert.True(named.SequenceEqual(fields.Order()), $"Expected the criterion to name {string.Join(", ", fields)} only, but it was {criterion}.");
    }

    private static object Report(int requestId, int evseId, string source, object profile, bool tbc = false) =>
        new { requestId, chargingLimitSource = source, evseId, tbc, chargingProfile = new[] { profile } };

    private static object Schedule(decimal limit) => new
    {
        id = 1,
        startSchedule = V201Messages.Timestamp(DateTimeOffset.UtcNow),
        chargingRateUnit = "A",
        chargingSchedulePeriod = new[] { new { startPeriod = 0, limit } },
    };
}
