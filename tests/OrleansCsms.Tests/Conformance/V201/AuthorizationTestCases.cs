using System.Text.Json;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Conformance.V201;

/// <summary>
/// OCTT 2.0.1 block C (authorization), CSMS side: tokens of each status, tokens a station took from its cache or
/// local list, group ids, the master pass and the authorization cache; ISO 15118 contract certificates (C_50–C_52)
/// against a host of their own whose OCSP responder and trusted roots are configured.
/// </summary>
[Collection(OcttV201Collection.Name)]
public sealed partial class AuthorizationTestCases(CsmsHostFixture fixture, Iso15118ServicesFixture services)
    : StationTestCases(fixture), IClassFixture<Iso15118ServicesFixture>
{
    private const int SecondEvse = 2;

    [Fact]
    public async Task TC_C_02_CSMS_An_unknown_token_is_answered_Unknown()
    {
        var station = await BootedStationAsync();

        await station.AuthorizeAsync(Fresh.IdTag(), expected: "Unknown");
    }

    [Fact]
    public async Task TC_C_02_CSMS_A_token_held_as_Invalid_is_answered_Invalid()
    {
        var token = await Operator.IdTagAsync("Invalid");
        var station = await BootedStationAsync();

        await station.AuthorizeAsync(token, expected: "Invalid");
    }

    [Fact]
    public async Task TC_C_06_CSMS_A_blocked_token_is_answered_Blocked()
    {
        var token = await Operator.IdTagAsync("Blocked");
        var station = await BootedStationAsync();

        await station.AuthorizeAsync(token, expected: "Blocked");
    }

    [Fact]
    public async Task TC_C_07_CSMS_A_token_past_its_expiry_is_answered_Expired()
    {
        var token = Fresh.IdTag();
        await Operator.PutAsync($"/api/id-tags/{token}", new { status = "Accepted", expiryDate = DateTimeOffset.UtcNow.AddMinutes(-1) });
        var station = await BootedStationAsync();

        await station.AuthorizeAsync(token, expected: "Expired");
    }

    [Fact]
    public async Task TC_C_08_CSMS_A_token_the_station_took_from_its_cache_is_Accepted_in_the_transaction_event()
    {
        var token = await Operator.IdTagAsync();
        var station = await BootedStationAsync();
        await station.EvConnectedPreSessionAsync();

        await station.EventAsync("Updated", "Authorized", idToken: token, expectedTokenStatus: "Accepted");

        var transaction = await StationRecords.TransactionAsync(Host, station.Id, station.TransactionId!);
        Assert.Equal(token, transaction.GetProperty("idTag").GetString());
    }

    [Fact]
    public async Task TC_C_20_CSMS_A_token_valid_only_in_the_station_s_cache_is_answered_Unknown_in_the_transaction_event()
    {
        var station = await BootedStationAsync();
        await station.EvConnectedPreSessionAsync();

        var answer = await station.EventAsync("Updated", "Authorized", idToken: Fresh.IdTag(), expectedTokenStatus: "Unknown");

        Assert.True(answer.TryGetProperty("idTokenInfo", out _), $"Expected the answer to carry the token's idTokenInfo, but it was {answer}.");
    }

    [Theory]
    [InlineData("TC_C_37_CSMS", "Accepted")]
    [InlineData("TC_C_38_CSMS", "Rejected")]
    public async Task TC_C_37_38_CSMS_Clear_cache_reaches_the_station_and_its_answer_the_operator(string testCase, string stationAnswer)
    {
        var station = await BootedStationAsync();
        station.Socket.OnServerCall = (_, _) => ServerCallAnswer.Result(new { status = stationAnswer });

        var answer = await Operator.PostAsync($"/api/charge-points/{station.Id}/clear-cache");

        Assert.True(answer.GetProperty("status").GetString() == stationAnswer, $"{testCase}: expected the station's {stationAnswer} to reach the operator, but it was {answer}.");
        var (action, payload) = Assert.Single(station.Socket.ServerCalls);
        Assert.Equal("ClearCache", action);
        Assert.Equal("{}", payload.GetRawText());
    }

    [Fact]
    public async Task TC_C_39_CSMS_Tokens_of_one_group_authorize_start_and_stop_of_each_other_s_transaction()
    {
        var (group, first, second) = await GroupAsync();
        var station = await BootedStationAsync();

        AssertGroup(await AuthorizeAsync(station, second), group, "Authorize of the second token");
        await station.EvConnectedPreSessionAsync();
        AssertGroup(await station.EventAsync("Updated", "Authorized", idToken: first, expectedTokenStatus: "Accepted"), group, "the Authorized event");
        await station.EnergyTransferStartedAsync(cablePluggedIn: true);
        AssertGroup(await AuthorizeAsync(station, second), group, "Authorize of the second token again");
        AssertGroup(await station.EventAsync("Updated", "StopAuthorized", idToken: second, expectedTokenStatus: "Accepted"), group, "the StopAuthorized event");
        await station.EvConnectedPostSessionAsync();
        await station.EvDisconnectedAsync();

        await StationRecords.AssertEndedAsync(Host, station, "EVDisconnected");
    }

    [Theory]
    [InlineData("TC_C_40_CSMS", false)]
    [InlineData("TC_C_43_CSMS", true)]
    public async Task TC_C_40_43_CSMS_Tokens_of_one_group_from_the_station_s_local_list_start_and_stop_a_transaction(string testCase, bool authorizeBeforeStop)
    {
        var (group, first, second) = await GroupAsync();
        var station = await BootedStationAsync();
        await station.EvConnectedPreSessionAsync();

        AssertGroup(await station.EventAsync("Updated", "Authorized", idToken: first, expectedTokenStatus: "Accepted"), group, $"{testCase}: the Authorized event");
        await station.EnergyTransferStartedAsync(cablePluggedIn: true);
        if (authorizeBeforeStop)
        {
            AssertGroup(await AuthorizeAsync(station, second), group, $"{testCase}: Authorize of the second token");
        }

        AssertGroup(await station.EventAsync("Updated", "StopAuthorized", idToken: second, expectedTokenStatus: "Accepted"), group, $"{testCase}: the StopAuthorized event");
        await station.EvConnectedPostSessionAsync();
        await station.EvDisconnectedAsync();

        await StationRecords.AssertEndedAsync(Host, station, "EVDisconnected");
    }

    [Theory]
    [InlineData("TC_C_47_CSMS", true)]
    [InlineData("TC_C_48_CSMS", false)]
    public async Task TC_C_47_48_CSMS_A_master_pass_ends_the_transactions_its_holder_picks(string testCase, bool all)
    {
        var (masterPass, masterPassGroup) = await MasterPassAsync();
        var station = await BootedStationAsync();
        var first = await ChargingWithoutTokenAsync(station, OcttStation.Evse);
        var second = await ChargingWithoutTokenAsync(station, SecondEvse);

        AssertGroup(await AuthorizeAsync(station, masterPass), masterPassGroup, $"{testCase}: Authorize of the master pass");
        AssertGroup(await EndedByMasterPassAsync(station, first, OcttStation.Evse, masterPass), masterPassGroup, $"{testCase}: the first Ended event");
        if (all)
        {
            AssertGroup(await EndedByMasterPassAsync(station, second, SecondEvse, masterPass), masterPassGroup, $"{testCase}: the second Ended event");
        }

        var ended = await StationRecords.TransactionAsync(Host, station.Id, first);
        Assert.True(
            !ended.GetProperty("active").GetBoolean() && ended.GetProperty("stopReason").GetString() == "MasterPass",
            $"{testCase}: expected the first transaction to have ended by the master pass, but it is {ended}.");
        var other = await StationRecords.TransactionAsync(Host, station.Id, second);
        Assert.True(other.GetProperty("active").GetBoolean() != all, $"{testCase}: expected the second transaction to be {(all ? "ended" : "ongoing")}, but it is {other}.");

        // A master pass stops transactions; it starts none, so it is in none and never becomes ConcurrentTx.
        var masterPassTag = await Operator.GetAsync($"/api/id-tags/{masterPass}");
        Assert.Equal(0, masterPassTag.GetProperty("activeTransactionIds").GetArrayLength());
    }

    [Fact]
    public async Task TC_C_49_CSMS_A_station_without_a_user_interface_ends_every_transaction_with_the_master_pass_reason()
    {
        var (masterPass, masterPassGroup) = await MasterPassAsync();
        var firstToken = await Operator.IdTagAsync();
        var secondToken = await Operator.IdTagAsync();
        var station = await BootedStationAsync();
        var first = await ChargingWithTokenAsync(station, OcttStation.Evse, firstToken);
        var second = await ChargingWithTokenAsync(station, SecondEvse, secondToken);

        AssertGroup(await AuthorizeAsync(station, masterPass), masterPassGroup, "Authorize of the master pass");
        AssertAccepted(await EndedByMasterPassAsync(station, first, OcttStation.Evse, firstToken), "the first Ended event");
        AssertAccepted(await EndedByMasterPassAsync(station, second, SecondEvse, secondToken), "the second Ended event");

        foreach (var transactionId in new[] { first, second })
        {
            var ended = await StationRecords.TransactionAsync(Host, station.Id, transactionId);
            Assert.True(
                !ended.GetProperty("active").GetBoolean() && ended.GetProperty("stopReason").GetString() == "MasterPass",
                $"Expected transaction {transactionId} to have ended by the master pass, but it is {ended}.");
        }
    }

    /// <summary>Two valid tokens sharing a group, which is an id tag of its own.</summary>
    private async Task<(string Group, string First, string Second)> GroupAsync()
    {
        var group = await Operator.IdTagAsync();
        var first = Fresh.IdTag();
        var second = Fresh.IdTag();
        await Operator.PutAsync($"/api/id-tags/{first}", new { status = "Accepted", parentIdTag = group });
        await Operator.PutAsync($"/api/id-tags/{second}", new { status = "Accepted", parentIdTag = group });
        return (group, first, second);
    }

    /// <summary>A master pass: a token whose group the station is configured with as AuthCtrlr.MasterPassGroupId.</summary>
    private async Task<(string MasterPass, string Group)> MasterPassAsync()
    {
        var group = await Operator.IdTagAsync();
        var masterPass = Fresh.IdTag();
        await Operator.PutAsync($"/api/id-tags/{masterPass}", new { status = "Accepted", parentIdTag = group });
        return (masterPass, group);
    }

    private static async Task<JsonElement> AuthorizeAsync(OcttStation station, string token) =>
        (await station.Socket.CallAsync("Authorize", V201Messages.Authorize(token))).GetProperty("idTokenInfo");

    /// <summary>Reusable state EnergyTransferStarted on an EVSE, for a station whose transactions start with the cable (no token).</summary>
    private static async Task<string> ChargingWithoutTokenAsync(OcttStation station, int evseId)
    {
        var transactionId = Guid.NewGuid().ToString();
        await EventAsync(station, evseId, "Started", transactionId, 0, "CablePluggedIn", "EVConnected");
        await EventAsync(station, evseId, "Updated", transactionId, 1, "ChargingStateChanged", "Charging");
        return transactionId;
    }

    /// <summary>Reusable state EnergyTransferStarted on an EVSE, begun with <paramref name="token"/>.</summary>
    private static async Task<string> ChargingWithTokenAsync(OcttStation station, int evseId, string token)
    {
        var transactionId = Guid.NewGuid().ToString();
        var started = await EventAsync(station, evseId, "Started", transactionId, 0, "Authorized", "EVConnected", idToken: token);
        AssertAccepted(started, $"the Started event with {token}");
        await EventAsync(station, evseId, "Updated", transactionId, 1, "ChargingStateChanged", "Charging");
        return transactionId;
    }

    private static async Task<JsonElement> EndedByMasterPassAsync(OcttStation station, string transactionId, int evseId, string token) =>
        (await EventAsync(station, evseId, "Ended", transactionId, 2, "StopAuthorized", "Idle", idToken: token, stoppedReason: "MasterPass")).GetProperty("idTokenInfo");

    private static Task<JsonElement> EventAsync(
        OcttStation station, int evseId, string eventType, string transactionId, int seqNo, string triggerReason, string chargingState,
        string? idToken = null, string? stoppedReason = null) =>
        station.Socket.CallAsync("TransactionEvent", V201Messages.TransactionEvent(
            eventType, transactionId, seqNo, DateTimeOffset.UtcNow, triggerReason, energyWh: 1_000 + (seqNo * 500), idToken: idToken, evseId: evseId,
            chargingState: chargingState, stoppedReason: stoppedReason));

    private static void AssertAccepted(JsonElement answer, string what)
    {
        var info = answer.TryGetProperty("idTokenInfo", out var nested) ? nested : answer;
        OcttStation.AssertField(info, "status", "Accepted", what);
    }

    private static void AssertGroup(JsonElement answer, string group, string what)
    {
        var info = answer.TryGetProperty("idTokenInfo", out var nested) ? nested : answer;
        OcttStation.AssertField(info, "status", "Accepted", what);
        Assert.True(
            info.TryGetProperty("groupIdToken", out var groupIdToken) && groupIdToken.GetProperty("idToken").GetString() == group,
            $"Expected the answer to {what} to carry groupIdToken {group}, but it was {answer}.");
    }
}
