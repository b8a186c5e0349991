using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansCsms.Tests.Infrastructure;
using static OrleansCsms.Tests.Conformance.V16.OcttChargePoint;

namespace OrleansCsms.Tests.Conformance.V16;

/// <summary>
/// OCTT 1.6 CSMS test cases, Smart Charging profile (document §3.19). The operator sets and clears profiles through
/// /api/charge-points/{id}/charging-profiles, reads the composite schedule through .../composite-schedule, and
/// starts a transaction under a profile through .../remote-start. See docs/conformance/ocpp16-csms-test-cases.md.
/// </summary>
[Collection(OcttCollection.Name)]
public sealed class SmartChargingTestCases(CsmsHostFixture fixture)
{
    // The tool's configured values: a stack level and a schedule duration. Profile ids need only be unique on one
    // charge point, and each test has a fresh one.
    private const int StackLevel = 1;
    private const int Duration = 3600;

    private CsmsHost Host => fixture.Host;

    private OcttOperator Operator => new(Host);

    [Fact]
    public async Task TC_056_CSMS_Central_smart_charging_sets_a_TxDefaultProfile()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        await BootAsync(chargePoint);
        var profileId = 7;

        var set = await SetProfileAsync(chargePoint.Id, Connector, Absolute(profileId, "TxDefaultProfile"), HttpStatusCode.Created);

        AssertField(set, "status", "Accepted", "the SetChargingProfile answer reported to the operator");
        var request = SentRequest(chargePoint, "SetChargingProfile");
        AssertField(request, "connectorId", Connector, "SetChargingProfile.req");
        var profile = request.GetProperty("csChargingProfiles");
        AssertField(profile, "chargingProfilePurpose", "TxDefaultProfile", "csChargingProfiles");
        AssertField(profile, "chargingProfileKind", "Absolute", "csChargingProfiles");
        AssertField(profile, "stackLevel", StackLevel, "csChargingProfiles");
        AssertPresent(profile, ["validFrom", "validTo"], ["transactionId", "recurrencyKind"], "csChargingProfiles of a TxDefaultProfile");
        var schedule = profile.GetProperty("chargingSchedule");
        AssertPresent(schedule, ["startSchedule", "duration"], [], "the chargingSchedule of an Absolute profile");
        AssertField(schedule, "chargingRateUnit", "A", "chargingSchedule");
        var period = Assert.Single(schedule.GetProperty("chargingSchedulePeriod").EnumerateArray());
        Assert.True(period.GetProperty("startPeriod").GetInt32() == 0 && period.GetProperty("limit").GetDecimal() == 6.0m && period.GetProperty("numberPhases").GetInt32() == 3,
            $"Expected one period from 0 limited to 6.0 A on 3 phases, but it was {period}.");
        var stored = Assert.Single(await ProfilesAsync(chargePoint.Id));
        AssertStored(stored, Connector, profileId, "TxDefaultProfile", transactionId: null);
        chargePoint.AssertAllServerFramesValid();
    }

    [Fact]
    public async Task TC_057_CSMS_Central_smart_charging_sets_a_TxProfile_for_the_running_transaction()
    {
        var idTag = await Operator.IdTagAsync();
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        await BootAsync(chargePoint);
        var transactionId = await ChargingAsync(chargePoint, idTag);
        var profileId = 7;

        var set = await SetProfileAsync(chargePoint.Id, Connector, Absolute(profileId, "TxProfile", transactionId), HttpStatusCode.Created);

        AssertField(set, "status", "Accepted", "the SetChargingProfile answer reported to the operator");
        var profile = SentRequest(chargePoint, "SetChargingProfile").GetProperty("csChargingProfiles");
        AssertField(profile, "chargingProfilePurpose", "TxProfile", "csChargingProfiles");
        AssertField(profile, "transactionId", transactionId, "csChargingProfiles of a TxProfile");
        AssertPresent(profile, ["validFrom", "validTo"], ["recurrencyKind"], "csChargingProfiles of an Absolute TxProfile");
        AssertPresent(profile.GetProperty("chargingSchedule"), ["startSchedule", "duration"], [], "the chargingSchedule of an Absolute TxProfile");
        AssertStored(Assert.Single(await ProfilesAsync(chargePoint.Id)), Connector, profileId, "TxProfile", transactionId);

        // The charge point discards a TxProfile when its transaction ends, and the CSMS's record follows.
        await StopTransactionAsync(chargePoint, transactionId, idTag, "Local");
        await Poll.UntilAsync(
            async _ => (await ProfilesAsync(chargePoint.Id)).Single(),
            p => !p.GetProperty("inForce").GetBoolean(),
            TimeSpan.FromSeconds(10),
            $"the TxProfile of transaction {transactionId} to be no longer in force once the transaction stopped",
            p => p.ToString());
        chargePoint.AssertAllServerFramesValid();
    }

    [Fact]
    public async Task TC_059_CSMS_Remote_start_transaction_with_a_charging_profile()
    {
        var idTag = await Operator.IdTagAsync();
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        await BootAsync(chargePoint);
        var profileId = 7;

        var answer = await Operator.PostAsync(
            $"/api/charge-points/{chargePoint.Id}/remote-start", new { connectorId = Connector, idTag, chargingProfile = Relative(profileId) });

        AssertField(answer, "status", "Accepted", "the RemoteStartTransaction answer reported to the operator");
        var request = SentRequest(chargePoint, "RemoteStartTransaction");
        AssertField(request, "idTag", idTag, "RemoteStartTransaction.req");
        AssertField(request, "connectorId", Connector, "RemoteStartTransaction.req");
        var profile = request.GetProperty("chargingProfile");
        AssertField(profile, "chargingProfilePurpose", "TxProfile", "the chargingProfile of RemoteStartTransaction.req");
        AssertPresent(profile, [], ["transactionId", "recurrencyKind"], "the chargingProfile of RemoteStartTransaction.req");
        AssertPresent(profile.GetProperty("chargingSchedule"), [], ["startSchedule"], "the chargingSchedule of a Relative profile");
        AssertField(profile.GetProperty("chargingSchedule").GetProperty("chargingSchedulePeriod")[0], "startPeriod", 0, "the first period");

        var transactionId = await ChargingAsync(chargePoint, idTag);

        var bound = await Poll.UntilAsync(
            async _ => await ProfilesAsync(chargePoint.Id),
            profiles => profiles.Count == 1,
            TimeSpan.FromSeconds(10),
            $"the remote start's TxProfile to be recorded against transaction {transactionId}",
            profiles => $"[{string.Join(", ", profiles)}]");
        AssertStored(bound.Value.Single(), Connector, profileId, "TxProfile", transactionId);
        chargePoint.AssertAllServerFramesValid();
    }

    [Fact]
    public async Task TC_066_CSMS_Get_composite_schedule_returns_the_charge_points_schedule()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        await BootAsync(chargePoint);
        var scheduleStart = DateTimeOffset.UtcNow;
        var fixedSchedule = new
        {
            status = "Accepted",
            connectorId = Connector,
            scheduleStart,
            chargingSchedule = new
            {
                duration = Duration,
                chargingRateUnit = "A",
                chargingSchedulePeriod = new object[] { new { startPeriod = 0, limit = 16.0m }, new { startPeriod = 1800, limit = 8.0m } },
            },
        };
        chargePoint.OnServerCall = (_, _) => ServerCallAnswer.Result(fixedSchedule);

        var answer = await Operator.GetAsync($"/api/charge-points/{chargePoint.Id}/composite-schedule?connectorId={Connector}&duration={Duration}&chargingRateUnit=A");

        var request = SentRequest(chargePoint, "GetCompositeSchedule");
        AssertField(request, "connectorId", Connector, "GetCompositeSchedule.req");
        AssertField(request, "duration", Duration, "GetCompositeSchedule.req");
        AssertField(request, "chargingRateUnit", "A", "GetCompositeSchedule.req");
        AssertField(answer, "status", "Accepted", "the composite schedule returned to the operator");
        var periods = answer.GetProperty("chargingSchedule").GetProperty("chargingSchedulePeriod").EnumerateArray()
            .Select(p => (p.GetProperty("startPeriod").GetInt32(), p.GetProperty("limit").GetDecimal())).ToList();
        Assert.True(periods is [(0, 16.0m), (1800, 8.0m)], $"Expected the operator to get the charge point's schedule as it was sent, but got {answer}.");
        chargePoint.AssertAllServerFramesValid();
    }

    [Fact]
    public async Task TC_067_CSMS_Clear_charging_profiles_by_id_by_criteria_and_all()
    {
        var idTag = await Operator.IdTagAsync();
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        await BootAsync(chargePoint);
        var transactionId = await ChargingAsync(chargePoint, idTag);
        var (maxId, defaultId, txId) = (11, 12, 13);
        await SetProfileAsync(chargePoint.Id, 0, Absolute(maxId, "ChargePointMaxProfile"), HttpStatusCode.Created);
        await SetProfileAsync(chargePoint.Id, Connector, Absolute(defaultId, "TxDefaultProfile"), HttpStatusCode.Created);
        await SetProfileAsync(chargePoint.Id, Connector, Absolute(txId, "TxProfile", transactionId), HttpStatusCode.Created);
        Assert.Equal(3, (await ProfilesAsync(chargePoint.Id)).Count);

        var byId = await ClearAsync(chargePoint, $"?chargingProfileId={maxId}");
        Assert.True(Properties(byId.Request) == $"id={maxId}", $"Expected ClearChargingProfile.req (a) to name only the id {maxId}, but it was {byId.Request}.");
        Assert.Equal([defaultId, txId], await StoredIdsAsync(chargePoint.Id));

        var byCriteria = await ClearAsync(chargePoint, $"?connectorId={Connector}&chargingProfilePurpose=TxDefaultProfile&stackLevel={StackLevel}");
        Assert.True(Properties(byCriteria.Request) == $"connectorId={Connector},chargingProfilePurpose=TxDefaultProfile,stackLevel={StackLevel}",
            $"Expected ClearChargingProfile.req (b) to carry connectorId, purpose and stackLevel and no id, but it was {byCriteria.Request}.");
        Assert.Equal([txId], await StoredIdsAsync(chargePoint.Id));

        var all = await ClearAsync(chargePoint, "");
        Assert.True(Properties(all.Request) == "", $"Expected ClearChargingProfile.req (c) to carry no field, but it was {all.Request}.");
        Assert.Empty(await StoredIdsAsync(chargePoint.Id));
        Assert.Equal([maxId, defaultId, txId], new[] { byId, byCriteria, all }.SelectMany(c => c.Answer.GetProperty("cleared").EnumerateArray())
            .Select(p => p.GetProperty("chargingProfile").GetProperty("chargingProfileId").GetInt32()));
        chargePoint.AssertAllServerFramesValid();
    }

    /// <summary>An Absolute profile as the tool configures it: validity and start now, 6.0 A on 3 phases for the configured duration.</summary>
    internal static object Absolute(int chargingProfileId, string purpose, int? transactionId = null) => new
    {
        chargingProfileId,
        transactionId,
        stackLevel = StackLevel,
        chargingProfilePurpose = purpose,
        chargingProfileKind = "Absolute",
        validFrom = DateTimeOffset.UtcNow.AddMinutes(-1),
        validTo = DateTimeOffset.UtcNow.AddDays(1),
        chargingSchedule = new
        {
            duration = Duration,
            startSchedule = DateTimeOffset.UtcNow,
            chargingRateUnit = "A",
            chargingSchedulePeriod = new[] { new { startPeriod = 0, limit = 6.0m, numberPhases = 3 } },
        },
    };

    /// <summary>A Relative TxProfile for a transaction still to start: no transactionId, no startSchedule.</summary>
    internal static object Relative(int chargingProfileId) => new
    {
        chargingProfileId,
        stackLevel = StackLevel,
        chargingProfilePurpose = "TxProfile",
        chargingProfileKind = "Relative",
        chargingSchedule = new
        {
            duration = Duration,
            chargingRateUnit = "A",
            chargingSchedulePeriod = new[] { new { startPeriod = 0, limit = 6.0m, numberPhases = 3 } },
        },
    };

    private async Task<JsonElement> SetProfileAsync(string chargePointId, int connectorId, object chargingProfile, HttpStatusCode expected)
    {
        var response = await Host.Api.PostAsJsonAsync($"/api/charge-points/{chargePointId}/charging-profiles", new { connectorId, chargingProfile }, Json.Options);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected SetChargingProfile on connector {connectorId} of {chargePointId} to answer {(int)expected}, but it answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private async Task<(JsonElement Request, JsonElement Answer)> ClearAsync(TestChargePoint chargePoint, string query)
    {
        var response = await Host.Api.DeleteAsync($"/api/charge-points/{chargePoint.Id}/charging-profiles{query}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected ClearChargingProfile{query} to answer 200, but it answered {(int)response.StatusCode}: {body}");
        var answer = JsonDocument.Parse(body).RootElement.Clone();
        AssertField(answer, "status", "Accepted", $"the ClearChargingProfile{query} answer reported to the operator");
        return (chargePoint.ServerCalls.Last(c => c.Action == "ClearChargingProfile").Payload, answer);
    }

    private async Task<List<JsonElement>> ProfilesAsync(string chargePointId) =>
        [.. (await Operator.GetAsync($"/api/charge-points/{chargePointId}/charging-profiles")).GetProperty("profiles").EnumerateArray()];

    private async Task<List<int>> StoredIdsAsync(string chargePointId) =>
        [.. (await ProfilesAsync(chargePointId)).Select(p => p.GetProperty("chargingProfile").GetProperty("chargingProfileId").GetInt32())];

    private static string Properties(JsonElement message) =>
        string.Join(",", message.EnumerateObject().Select(p => $"{p.Name}={p.Value}"));

    private static void AssertStored(JsonElement stored, int connectorId, int chargingProfileId, string purpose, int? transactionId)
    {
        var profile = stored.GetProperty("chargingProfile");
        var actual = (stored.GetProperty("connectorId").GetInt32(), profile.GetProperty("chargingProfileId").GetInt32(), profile.GetProperty("chargingProfilePurpose").GetString(),
            profile.TryGetProperty("transactionId", out var id) && id.ValueKind == JsonValueKind.Number ? id.GetInt32() : (int?)null, stored.GetProperty("inForce").GetBoolean());
        Assert.True(actual == (connectorId, chargingProfileId, purpose, transactionId, true),
            $"Expected the CSMS to hold {purpose} {chargingProfileId} on connector {connectorId} (transaction {transactionId?.ToString() ?? "none"}) in force, but it holds {stored}.");
    }

    private static void AssertPresent(JsonElement message, string[] present, string[] absent, string what)
    {
        foreach (var field in present)
        {
            Assert.True(message.TryGetProperty(field, out _), $"Expected {what} to carry {field}, but it was {message}.");
        }

        foreach (var field in absent)
        {
            Assert.False(message.TryGetProperty(field, out _), $"Expected {what} to carry no {field}, but it was {message}.");
        }
    }
}
