using OrleansCsms.Tests.Infrastructure;
using static OrleansCsms.Tests.Conformance.V201.SmartChargingSteps;

namespace OrleansCsms.Tests.Conformance.V201;

/// <summary>
/// OCTT 2.0.1 block K (smart charging), CSMS side, ISO 15118 load leveling: the CSMS answers an EV's charging needs
/// with a TxProfile made by its policy, judges the schedule the EV proposes against it, and sends a new one when the
/// EV asks for more or its needs change.
/// </summary>
[Collection(OcttV201Collection.Name)]
public sealed class SmartChargingNegotiationTestCases(CsmsHostFixture fixture) : StationTestCases(fixture)
{
    [Fact]
    public async Task TC_K_53_CSMS_An_EVs_needs_get_a_TxProfile_whose_schedule_the_EV_keeps_to_and_nothing_more()
    {
        var station = await PreSessionStationAsync();

        var limit = await SmartChargingAsync(station);
        await station.EventAsync("Updated", "ChargingStateChanged", chargingState: "Charging");

        Assert.True(limit is >= 6m and <= 32m, $"Expected a limit within the EV's 6 to 32 A, but it was {limit}.");
        Assert.Single(station.Socket.ServerCalls, c => c.Action == "SetChargingProfile");
        var evse = (await Operator.GetAsync($"/api/charge-points/{station.Id}/ev-charging-needs")).GetProperty("evses")[0];
        Assert.Equal("Accepted", evse.GetProperty("evChargingSchedule").GetProperty("status").GetString());
    }

    [Fact]
    public async Task TC_K_55_CSMS_An_EV_schedule_above_the_TxProfile_is_Rejected_and_a_new_TxProfile_sent()
    {
        var station = await PreSessionStationAsync();
        var first = Expect(station, "SetChargingProfile", new { status = "Accepted" });
        Assert.Equal("Accepted", await NotifyEvChargingNeedsAsync(station));
        var limit = FirstLimit(await first());

        var second = Expect(station, "SetChargingProfile", new { status = "Accepted" });
        Assert.Equal("Rejected", await NotifyEvChargingScheduleAsync(station, limit + 10m));
        await station.EventAsync("Updated", "ChargingStateChanged", chargingState: "Charging");
        var renegotiated = await second();

        var profile = AssertSetChargingProfile(renegotiated, OcttStation.Evse, null, "TxProfile", "Relative");
        Assert.Equal(station.TransactionId, profile.GetProperty("transactionId").GetString());
        Assert.Equal("Accepted", await NotifyEvChargingScheduleAsync(station, FirstLimit(renegotiated)));
        await station.EventAsync("Updated", "ChargingRateChanged", chargingState: "Charging");
    }

    [Fact]
    public async Task TC_K_57_CSMS_New_needs_from_the_EV_get_a_new_TxProfile()
    {
        var station = await PreSessionStationAsync();
        await SmartChargingAsync(station);
        await station.EventAsync("Updated", "ChargingStateChanged", chargingState: "Charging");

        var next = Expect(station, "SetChargingProfile", new { status = "Accepted" });
        Assert.Equal("Accepted", await NotifyEvChargingNeedsAsync(station, energyAmountWh: 40_000, departureIn: TimeSpan.FromHours(2)));
        var request = await next();

        var profile = AssertSetChargingProfile(request, OcttStation.Evse, null, "TxProfile", "Relative");
        Assert.Equal(station.TransactionId, profile.GetProperty("transactionId").GetString());
        Assert.Equal("Accepted", await NotifyEvChargingScheduleAsync(station, FirstLimit(request)));
    }

    [Fact]
    public async Task TC_K_58_CSMS_An_operators_TxProfile_renegotiates_and_the_EVs_schedule_within_it_is_Accepted()
    {
        var station = await PreSessionStationAsync();
        await SmartChargingAsync(station);

        var request = await OperatorTxProfileAsync(station, 10m);

        Assert.Equal("Accepted", await NotifyEvChargingScheduleAsync(station, 10m));
        Assert.Equal(10m, FirstLimit(request));
    }

    [Fact]
    public async Task TC_K_59_CSMS_An_operators_TxProfile_followed_by_new_needs_gets_a_TxProfile_for_them()
    {
        var station = await PreSessionStationAsync();
        await SmartChargingAsync(station);
        await OperatorTxProfileAsync(station, 10m);
        Assert.Equal("Accepted", await NotifyEvChargingScheduleAsync(station, 10m));

        var next = Expect(station, "SetChargingProfile", new { status = "Accepted" });
        Assert.Equal("Accepted", await NotifyEvChargingNeedsAsync(station, energyAmountWh: 30_000));
        var request = await next();

        AssertSetChargingProfile(request, OcttStation.Evse, null, "TxProfile", "Relative");
        Assert.Equal("Accepted", await NotifyEvChargingScheduleAsync(station, FirstLimit(request)));
    }

    /// <summary>Reusable states EVConnectedPreSession, then Authorized: the transaction runs, the EV not yet charging.</summary>
    private async Task<OcttStation> PreSessionStationAsync()
    {
        var token = await Operator.IdTagAsync();
        var station = await BootedStationAsync();
        await station.EvConnectedPreSessionAsync();
        await station.AuthorizedAsync(token);
        return station;
    }

    /// <summary>
    /// Reusable state ISO15118SmartCharging: needs Accepted, a TxProfile for the running transaction, and the EV's
    /// schedule at its limit Accepted. Returns that limit.
    /// </summary>
    private static async Task<decimal> SmartChargingAsync(OcttStation station)
    {
        var sent = Expect(station, "SetChargingProfile", new { status = "Accepted" });
        Assert.Equal("Accepted", await NotifyEvChargingNeedsAsync(station));
        var request = await sent();
        var profile = AssertSetChargingProfile(request, OcttStation.Evse, null, "TxProfile", "Relative");
        Assert.Equal(station.TransactionId, profile.GetProperty("transactionId").GetString());
        var limit = FirstLimit(request);
        Assert.Equal("Accepted", await NotifyEvChargingScheduleAsync(station, limit));
        return limit;
    }

    /// <summary>The operator sends a TxProfile for the running transaction; returns the SetChargingProfile the station got.</summary>
    private async Task<System.Text.Json.JsonElement> OperatorTxProfileAsync(OcttStation station, decimal limit)
    {
        var sent = Expect(station, "SetChargingProfile", new { status = "Accepted" });
        var answer = await SetAsync(Operator, station, OcttStation.Evse, Profile(ProfileId(), "TxProfile", "Relative", limit));
        Assert.Equal("Accepted", answer.GetProperty("status").GetString());
        var request = await sent();
        var profile = AssertSetChargingProfile(request, OcttStation.Evse, null, "TxProfile", "Relative");
        Assert.Equal(station.TransactionId, profile.GetProperty("transactionId").GetString());
        return request;
    }
}
