using System.Text.Json;
using OrleansCsms.Tests.Infrastructure;
using static OrleansCsms.Tests.Conformance.V201.SmartChargingSteps;

namespace OrleansCsms.Tests.Conformance.V201;

/// <summary>
/// OCTT 2.0.1 block K (smart charging), CSMS side, the profiles an operator sets, clears and asks about: through the
/// same REST endpoints as for a 1.6 charge point, phrased for EVSEs and the station's transaction ids.
/// </summary>
[Collection(OcttV201Collection.Name)]
public sealed class SmartChargingTestCases(CsmsHostFixture fixture) : StationTestCases(fixture)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task TC_K_01_CSMS_A_TxDefaultProfile_for_one_EVSE_is_sent_with_its_validity_and_kept()
    {
        var station = await BootedStationAsync();
        var now = DateTimeOffset.UtcNow;

        var answer = await SetAsync(Operator, station, OcttStation.Evse, Profile(
            ProfileId(), "TxDefaultProfile", "Absolute", 6.0m, startSchedule: now, duration: 3_600, validFrom: now, validTo: now.AddHours(1)));

        Assert.Equal("Accepted", answer.GetProperty("status").GetString());
        var profile = AssertSetChargingProfile(LastCall(station, "SetChargingProfile"), OcttStation.Evse, null, "TxDefaultProfile", "Absolute");
        Assert.True(profile.TryGetProperty("validFrom", out _) && profile.TryGetProperty("validTo", out _), $"Expected validFrom and validTo, but the profile was {profile}.");
        Assert.Equal(6.0m, FirstLimit(LastCall(station, "SetChargingProfile")));
        Assert.Contains(await ProfilesAsync(Operator, station), p => p.GetProperty("connectorId").GetInt32() == OcttStation.Evse);
    }

    [Fact]
    public async Task TC_K_02_CSMS_A_TxProfile_without_a_transaction_is_sent_and_the_stations_Rejected_is_reported()
    {
        var station = await BootedStationAsync();
        station.Socket.OnServerCall = (_, _) => ServerCallAnswer.Result(new { status = "Rejected" });

        var answer = await SetAsync(Operator, station, OcttStation.Evse, Profile(ProfileId(), "TxProfile", "Relative", 7.0m));

        Assert.Equal("Rejected", answer.GetProperty("status").GetString());
        var profile = AssertSetChargingProfile(LastCall(station, "SetChargingProfile"), OcttStation.Evse, null, "TxProfile", "Relative");
        Assert.False(profile.TryGetProperty("transactionId", out _), $"No transaction runs, so none can be named, but the profile was {profile}.");
        Assert.Empty(await ProfilesAsync(Operator, station));
    }

    [Fact]
    public async Task TC_K_03_CSMS_A_ChargingStationMaxProfile_is_sent_for_EVSE_0()
    {
        var station = await BootedStationAsync();

        var answer = await SetAsync(Operator, station, 0, Profile(ProfileId(), "ChargingStationMaxProfile", "Absolute", 16m, startSchedule: DateTimeOffset.UtcNow));

        Assert.Equal("Accepted", answer.GetProperty("status").GetString());
        AssertSetChargingProfile(LastCall(station, "SetChargingProfile"), 0, null, "ChargingStationMaxProfile", "Absolute");
    }

    [Fact]
    public async Task TC_K_04_CSMS_A_profile_sent_again_with_the_same_id_replaces_the_first()
    {
        var station = await BootedStationAsync();
        var id = ProfileId();
        var start = DateTimeOffset.UtcNow;

        await SetAsync(Operator, station, OcttStation.Evse, Profile(id, "TxDefaultProfile", "Absolute", 8.0m, startSchedule: start));
        Assert.Equal(8.0m, FirstLimit(LastCall(station, "SetChargingProfile")));
        await SetAsync(Operator, station, OcttStation.Evse, Profile(id, "TxDefaultProfile", "Absolute", 6.0m, startSchedule: start));

        AssertSetChargingProfile(LastCall(station, "SetChargingProfile"), OcttStation.Evse, id, "TxDefaultProfile", "Absolute");
        Assert.Equal(6.0m, FirstLimit(LastCall(station, "SetChargingProfile")));
        var kept = Assert.Single(await ProfilesAsync(Operator, station));
        Assert.Equal(6.0m, kept.GetProperty("chargingProfile").GetProperty("chargingSchedule").GetProperty("chargingSchedulePeriod")[0].GetProperty("limit").GetDecimal());
    }

    [Fact]
    public async Task TC_K_05_CSMS_A_clear_by_id_names_the_profile_alone_and_drops_it()
    {
        var station = await BootedStationAsync();
        var id = ProfileId();
        await SetAsync(Operator, station, OcttStation.Evse, Profile(id, "TxDefaultProfile", "Absolute", 6m, startSchedule: DateTimeOffset.UtcNow));

        var answer = await ClearAsync(Host, station, $"chargingProfileId={id}");

        Assert.Equal("Accepted", answer.GetProperty("status").GetString());
        var request = LastCall(station, "ClearChargingProfile");
        Assert.Equal(id, request.GetProperty("chargingProfileId").GetInt32());
        Assert.False(request.TryGetProperty("chargingProfileCriteria", out _), $"A clear by id names no criteria, but it was {request}.");
        Assert.Empty(await ProfilesAsync(Operator, station));
    }

    [Fact]
    public async Task TC_K_06_CSMS_A_clear_by_stack_level_and_purpose_names_the_EVSE_in_its_criteria()
    {
        var station = await BootedStationAsync();
        await SetAsync(Operator, station, OcttStation.Evse, Profile(ProfileId(), "TxDefaultProfile", "Absolute", 6m, startSchedule: DateTimeOffset.UtcNow, stackLevel: 2));

        var answer = await ClearAsync(Host, station, $"connectorId={OcttStation.Evse}&chargingProfilePurpose=TxDefaultProfile&stackLevel=2");

        Assert.Equal("Accepted", answer.GetProperty("status").GetString());
        var request = LastCall(station, "ClearChargingProfile");
        Assert.False(request.TryGetProperty("chargingProfileId", out _), $"A clear by criteria names no id, but it was {request}.");
        var criteria = request.GetProperty("chargingProfileCriteria");
        Assert.Equal(OcttStation.Evse, criteria.GetProperty("evseId").GetInt32());
        Assert.Equal("TxDefaultProfile", criteria.GetProperty("chargingProfilePurpose").GetString());
        Assert.Equal(2, criteria.GetProperty("stackLevel").GetInt32());
        Assert.Empty(await ProfilesAsync(Operator, station));
    }

    [Fact]
    public async Task TC_K_08_CSMS_A_clear_the_station_answers_Unknown_is_reported_and_changes_nothing()
    {
        var station = await BootedStationAsync();
        station.Socket.OnServerCall = (_, _) => ServerCallAnswer.Result(new { status = "Unknown" });

        var answer = await ClearAsync(Host, station, $"chargingProfileId={ProfileId()}");

        Assert.Equal("Unknown", answer.GetProperty("status").GetString());
        Assert.Empty(answer.GetProperty("cleared").EnumerateArray());
    }

    [Fact]
    public async Task TC_K_10_CSMS_A_TxDefaultProfile_for_every_EVSE_is_sent_for_EVSE_0()
    {
        var station = await BootedStationAsync();

        var answer = await SetAsync(Operator, station, 0, Profile(ProfileId(), "TxDefaultProfile", "Absolute", 6m, startSchedule: DateTimeOffset.UtcNow, duration: 3_600));

        Assert.Equal("Accepted", answer.GetProperty("status").GetString());
        AssertSetChargingProfile(LastCall(station, "SetChargingProfile"), 0, null, "TxDefaultProfile", "Absolute");
        Assert.Contains(await ProfilesAsync(Operator, station), p => p.GetProperty("connectorId").GetInt32() == 0);
    }

    [Fact]
    public async Task TC_K_15_CSMS_A_station_without_smart_charging_answers_NotSupported_and_nothing_is_kept()
    {
        var station = await BootedStationAsync();
        station.Socket.OnServerCall = (_, _) => ServerCallAnswer.Error("NotSupported", "Smart charging is not supported");

        var (status, problem) = await FailingAsync(Host.Api.PostAsync(
            $"/api/charge-points/{station.Id}/charging-profiles",
            System.Net.Http.Json.JsonContent.Create(new
            {
                connectorId = OcttStation.Evse,
                chargingProfile = Profile(ProfileId(), "TxDefaultProfile", "Absolute", 6m, startSchedule: DateTimeOffset.UtcNow, duration: 3_600),
            })));

        Assert.Equal(502, status);
        Assert.Equal("NotSupported", problem.GetProperty("errorCode").GetString());
        AssertSetChargingProfile(LastCall(station, "SetChargingProfile"), OcttStation.Evse, null, "TxDefaultProfile", "Absolute");
        Assert.Empty(await ProfilesAsync(Operator, station));
    }

    [Fact]
    public async Task TC_K_19_CSMS_A_Recurring_TxDefaultProfile_carries_its_recurrency()
    {
        var station = await BootedStationAsync();

        var answer = await SetAsync(Operator, station, OcttStation.Evse, Profile(
            ProfileId(), "TxDefaultProfile", "Recurring", 10m, startSchedule: DateTimeOffset.UtcNow.Date, duration: 86_400, recurrencyKind: "Daily"));

        Assert.Equal("Accepted", answer.GetProperty("status").GetString());
        var profile = AssertSetChargingProfile(LastCall(station, "SetChargingProfile"), OcttStation.Evse, null, "TxDefaultProfile", "Recurring");
        Assert.Equal("Daily", profile.GetProperty("recurrencyKind").GetString());
    }

    [Fact]
    public async Task TC_K_37_CSMS_A_remote_start_carries_a_TxProfile_without_transactionId_which_the_transaction_then_holds()
    {
        var token = await Operator.IdTagAsync();
        var station = await BootedStationAsync();

        var answer = await Operator.PostAsync($"/api/charge-points/{station.Id}/remote-start", new
        {
            connectorId = OcttStation.Evse,
            idTag = token,
            chargingProfile = Profile(ProfileId(), "TxProfile", "Relative", 16m),
        });

        Assert.Equal("Accepted", answer.GetProperty("status").GetString());
        var request = LastCall(station, "RequestStartTransaction");
        Assert.Equal(OcttStation.Evse, request.GetProperty("evseId").GetInt32());
        var profile = request.GetProperty("chargingProfile");
        Assert.Equal("TxProfile", profile.GetProperty("chargingProfilePurpose").GetString());
        Assert.False(profile.TryGetProperty("transactionId", out _), $"The transaction has not started, so the TxProfile names none, but it was {profile}.");
        await station.EventAsync("Started", "RemoteStart", idToken: token, idTokenType: "Central", remoteStartId: request.GetProperty("remoteStartId").GetInt32(), expectedTokenStatus: "Accepted");
        var transaction = await StationRecords.TransactionAsync(Host, station.Id, station.TransactionId!);
        await Poll.UntilAsync(
            async _ => (await ProfilesAsync(Operator, station)).Any(p => p.GetProperty("chargingProfile").TryGetProperty("transactionId", out var id)
                && id.ValueKind == JsonValueKind.Number && id.GetInt32() == transaction.GetProperty("id").GetInt32()),
            Wait,
            $"the TxProfile of the remote start to be held for transaction {station.TransactionId} of {station.Id}");
    }

    [Fact]
    public async Task TC_K_43_CSMS_A_composite_schedule_of_one_EVSE_is_asked_and_the_stations_schedule_returned()
    {
        var station = await BootedStationAsync();
        station.Socket.OnServerCall = (_, payload) => ServerCallAnswer.Result(CompositeAnswer(payload.GetProperty("evseId").GetInt32()));

        var answer = await Operator.GetAsync($"/api/charge-points/{station.Id}/composite-schedule?connectorId={OcttStation.Evse}&duration=600&chargingRateUnit=A");

        var request = LastCall(station, "GetCompositeSchedule");
        Assert.Equal(OcttStation.Evse, request.GetProperty("evseId").GetInt32());
        Assert.Equal(600, request.GetProperty("duration").GetInt32());
        Assert.Equal("A", request.GetProperty("chargingRateUnit").GetString());
        Assert.Equal(OcttStation.Evse, answer.GetProperty("schedule").GetProperty("evseId").GetInt32());
    }

    [Fact]
    public async Task TC_K_44_CSMS_A_composite_schedule_of_the_station_is_asked_for_EVSE_0()
    {
        var station = await BootedStationAsync();
        station.Socket.OnServerCall = (_, payload) => ServerCallAnswer.Result(CompositeAnswer(payload.GetProperty("evseId").GetInt32()));

        var answer = await Operator.GetAsync($"/api/charge-points/{station.Id}/composite-schedule?connectorId=0&duration=600");

        var request = LastCall(station, "GetCompositeSchedule");
        Assert.Equal(0, request.GetProperty("evseId").GetInt32());
        Assert.False(request.TryGetProperty("chargingRateUnit", out _), $"No unit was asked for, but the request was {request}.");
        Assert.Equal("Accepted", answer.GetProperty("status").GetString());
    }

    [Fact]
    public async Task TC_K_60_CSMS_A_TxProfile_for_the_running_transaction_names_it_by_the_stations_id()
    {
        var (station, _) = await ChargingStationAsync();

        var answer = await SetAsync(Operator, station, OcttStation.Evse, Profile(ProfileId(), "TxProfile", "Relative", 10m));

        Assert.Equal("Accepted", answer.GetProperty("status").GetString());
        var profile = AssertSetChargingProfile(LastCall(station, "SetChargingProfile"), OcttStation.Evse, null, "TxProfile", "Relative");
        Assert.Equal(station.TransactionId, profile.GetProperty("transactionId").GetString());
    }

    [Fact]
    public async Task TC_K_70_CSMS_A_TxDefaultProfile_and_a_ChargingStationMaxProfile_are_both_kept()
    {
        var (station, _) = await ChargingStationAsync();
        var start = DateTimeOffset.UtcNow;
        var txDefault = ProfileId();
        var maximum = ProfileId();

        await SetAsync(Operator, station, OcttStation.Evse, Profile(txDefault, "TxDefaultProfile", "Absolute", 10m, startSchedule: start));
        AssertSetChargingProfile(LastCall(station, "SetChargingProfile"), OcttStation.Evse, txDefault, "TxDefaultProfile", "Absolute");
        await SetAsync(Operator, station, 0, Profile(maximum, "ChargingStationMaxProfile", "Absolute", 32m, startSchedule: start));
        AssertSetChargingProfile(LastCall(station, "SetChargingProfile"), 0, maximum, "ChargingStationMaxProfile", "Absolute");

        var kept = (await ProfilesAsync(Operator, station)).Select(p => p.GetProperty("chargingProfile").GetProperty("chargingProfileId").GetInt32()).ToList();
        Assert.Contains(txDefault, kept);
        Assert.Contains(maximum, kept);
    }

    private static object CompositeAnswer(int evseId) => new
    {
        status = "Accepted",
        schedule = new
        {
            evseId,
            duration = 600,
            scheduleStart = V201Messages.Timestamp(DateTimeOffset.UtcNow),
            chargingRateUnit = "A",
            chargingSchedulePeriod = new[] { new { startPeriod = 0, limit = 16.0m, numberPhases = 3 } },
        },
    };
}
