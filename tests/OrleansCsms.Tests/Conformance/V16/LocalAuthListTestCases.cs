using System.Text.Json;
using OrleansCsms.Tests.Infrastructure;
using static OrleansCsms.Tests.Conformance.V16.OcttChargePoint;

namespace OrleansCsms.Tests.Conformance.V16;

/// <summary>
/// OCTT 1.6 CSMS test cases, Local Auth List Management profile (document §3.14). The operator manages the list
/// through /api/charge-points/{id}/local-list. See docs/conformance/ocpp16-csms-test-cases.md.
/// </summary>
[Collection(OcttCollection.Name)]
public sealed class LocalAuthListTestCases(CsmsHostFixture fixture)
{
    private CsmsHost Host => fixture.Host;

    private OcttOperator Operator => new(Host);

    [Fact]
    public async Task TC_042_1_CSMS_Get_local_list_version_reports_the_minus_one_of_a_charge_point_without_a_list()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        await BootAsync(chargePoint);
        chargePoint.OnServerCall = (_, _) => ServerCallAnswer.Result(new { listVersion = -1 });

        var answer = await Operator.GetAsync($"/api/charge-points/{chargePoint.Id}/local-list/version");

        AssertField(answer, "listVersion", -1, "the GetLocalListVersion answer reported to the operator");
        AssertEmptyRequest(SentRequest(chargePoint, "GetLocalListVersion"));
        var list = await Operator.GetAsync($"/api/charge-points/{chargePoint.Id}/local-list");
        AssertField(list, "reportedVersion", -1, $"the local list of {chargePoint.Id}");
    }

    [Fact]
    public async Task TC_042_2_CSMS_Get_local_list_version_reports_the_zero_of_an_empty_list()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        await BootAsync(chargePoint);
        chargePoint.OnServerCall = (_, _) => ServerCallAnswer.Result(new { listVersion = 0 });

        var answer = await Operator.GetAsync($"/api/charge-points/{chargePoint.Id}/local-list/version");

        AssertField(answer, "listVersion", 0, "the GetLocalListVersion answer reported to the operator");
        AssertEmptyRequest(SentRequest(chargePoint, "GetLocalListVersion"));
        var list = await Operator.GetAsync($"/api/charge-points/{chargePoint.Id}/local-list");
        AssertField(list, "chargePointVersion", 0, $"the local list of {chargePoint.Id}, which the charge point said is empty");
    }

    [Fact]
    public async Task TC_043_1_CSMS_A_full_list_the_charge_point_does_not_support_is_recorded_and_reported_as_NotSupported()
    {
        var list = await SendFullListAnsweredAsync("NotSupported");

        Assert.True(list.GetProperty("upToDate").GetBoolean() == false,
            $"Expected the CSMS not to count a list answered NotSupported as held by the charge point, but the list is {list}.");
    }

    [Fact]
    public async Task TC_043_3_CSMS_A_full_list_the_charge_point_failed_to_store_is_recorded_and_reported_as_Failed()
    {
        var list = await SendFullListAnsweredAsync("Failed");

        Assert.True(list.TryGetProperty("chargePointVersion", out var held) == false || held.ValueKind == JsonValueKind.Null,
            $"Expected the CSMS to treat the version a charge point failed to store as unknown, so that the next send is Full, but the list is {list}.");
    }

    [Fact]
    public async Task TC_043_4_CSMS_A_full_list_carries_an_idTagInfo_with_every_entry_and_is_recorded_when_Accepted()
    {
        var list = await SendFullListAnsweredAsync("Accepted");

        var version = list.GetProperty("version").GetInt32();
        AssertField(list, "chargePointVersion", version, "the local list after the charge point accepted it");
        Assert.True(list.GetProperty("upToDate").GetBoolean(), $"Expected the list to be up to date after Accepted, but it is {list}.");
    }

    [Fact]
    public async Task TC_043_5_CSMS_A_differential_update_holds_only_the_new_id_tag_with_a_higher_version()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        await BootAsync(chargePoint);
        var heldVersion = 0;
        chargePoint.OnServerCall = (action, payload) =>
        {
            if (action == "GetLocalListVersion")
            {
                return ServerCallAnswer.Result(new { listVersion = Volatile.Read(ref heldVersion) });
            }

            if (action != "SendLocalList")
            {
                return ServerCallAnswer.Result(new { configurationKey = Array.Empty<object>() });
            }

            Volatile.Write(ref heldVersion, payload.GetProperty("listVersion").GetInt32());
            return ServerCallAnswer.Result(new { status = "Accepted" });
        };
        var first = await Operator.IdTagAsync();
        await Operator.PutAsync($"/api/charge-points/{chargePoint.Id}/local-list", new { idTags = new[] { first } });
        var fullVersion = SentRequest(chargePoint, "SendLocalList").GetProperty("listVersion").GetInt32();
        var reported = await Operator.GetAsync($"/api/charge-points/{chargePoint.Id}/local-list/version");
        AssertField(reported, "listVersion", fullVersion, "the GetLocalListVersion answer after the Full update");
        var added = await Operator.IdTagAsync();

        var list = await Operator.PostAsync($"/api/charge-points/{chargePoint.Id}/local-list/entries", new { idTags = new[] { added } });

        var sends = chargePoint.ServerCalls.Where(c => c.Action == "SendLocalList").Select(c => c.Payload).ToList();
        Assert.True(sends.Count == 2, $"Expected a Full and then one Differential SendLocalList.req, but the CSMS sent {sends.Count}.");
        var differential = sends[1];
        AssertField(differential, "updateType", "Differential", "the SendLocalList.req after one id tag was added");
        Assert.True(differential.GetProperty("listVersion").GetInt32() > fullVersion,
            $"Expected the Differential listVersion to be above the Full one ({fullVersion}), but the request was {differential}.");
        var entries = differential.GetProperty("localAuthorizationList").EnumerateArray().ToList();
        Assert.True(entries.Count == 1 && entries[0].GetProperty("idTag").GetString() == added,
            $"Expected the Differential update to hold only the new id tag {added}, but it was {differential}.");
        AssertIdTagInfo(entries[0], "the Differential update's entry");
        AssertField(list.GetProperty("lastResult"), "status", "Accepted", "the Differential update's result");
        AssertField(list.GetProperty("lastResult"), "updateType", "Differential", "the Differential update's result");
    }

    /// <summary>Op: the operator puts a known id tag on the list; the charge point answers the Full SendLocalList with <paramref name="status"/>.</summary>
    private async Task<JsonElement> SendFullListAnsweredAsync(string status)
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        await BootAsync(chargePoint);
        chargePoint.OnServerCall = (_, _) => ServerCallAnswer.Result(new { status });
        var idTag = await Operator.IdTagAsync();

        var list = await Operator.PutAsync($"/api/charge-points/{chargePoint.Id}/local-list", new { idTags = new[] { idTag } });

        var request = SentRequest(chargePoint, "SendLocalList");
        AssertField(request, "updateType", "Full", "SendLocalList.req");
        var entries = request.GetProperty("localAuthorizationList").EnumerateArray().ToList();
        Assert.True(entries.Count == 1 && entries[0].GetProperty("idTag").GetString() == idTag,
            $"Expected the Full list to hold the one id tag {idTag}, but the request was {request}.");
        foreach (var entry in entries)
        {
            AssertIdTagInfo(entry, "every entry of a Full update");
        }

        var lastResult = list.GetProperty("lastResult");
        AssertField(lastResult, "status", status, $"the SendLocalList result the CSMS recorded for {chargePoint.Id}");
        AssertField(lastResult, "listVersion", request.GetProperty("listVersion").GetInt32(), "the recorded SendLocalList result");
        var stored = await Operator.GetAsync($"/api/charge-points/{chargePoint.Id}/local-list");
        AssertField(stored.GetProperty("lastResult"), "status", status, $"the stored local list of {chargePoint.Id}");
        return stored;
    }

    private static void AssertIdTagInfo(JsonElement entry, string what) =>
        Assert.True(entry.TryGetProperty("idTagInfo", out var info) && info.TryGetProperty("status", out var status) && status.GetString() == "Accepted",
            $"Expected {what} to carry an idTagInfo with the id tag's status (Accepted), but it was {entry}.");

    private static void AssertEmptyRequest(JsonElement request) =>
        Assert.True(request.ValueKind == JsonValueKind.Object && !request.EnumerateObject().Any(),
            $"Expected GetLocalListVersion.req to be an empty object, but it was {request}.");
}
