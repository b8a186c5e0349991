using System.Text.Json;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Conformance.V201;

/// <summary>
/// OCTT 2.0.1 block D (local authorization list), CSMS side: the operator changes a station's list through the same
/// REST endpoints as a 1.6 charge point's, and the CSMS phrases SendLocalList and GetLocalListVersion for 2.0.1:
/// entries name an idToken with its type, carry idTokenInfo unless removed, and the list is numbered by versionNumber.
/// </summary>
[Collection(OcttV201Collection.Name)]
public sealed class LocalAuthListTestCases(CsmsHostFixture fixture) : StationTestCases(fixture)
{
    [Fact]
    public async Task TC_D_01_CSMS_A_full_list_carries_every_entry_with_its_idTokenInfo_under_a_version_above_zero()
    {
        var accepted = await Operator.IdTagAsync();
        var blocked = await Operator.IdTagAsync("Blocked");
        var card = Fresh.IdTag();
        await Operator.PutAsync($"/api/id-tags/{card}", new { status = "Accepted", idTokenType = "ISO14443" });
        var station = await ListStationAsync();

        var list = await Operator.PutAsync($"/api/charge-points/{station.Id}/local-list", new { idTags = new[] { accepted, blocked, card } });

        var send = SentLists(station).Single();
        Assert.Equal("Full", send.GetProperty("updateType").GetString());
        var version = send.GetProperty("versionNumber").GetInt32();
        Assert.True(version > 0, $"Expected a versionNumber above 0, but it was {send}.");
        var entries = send.GetProperty("localAuthorizationList").EnumerateArray().ToList();
        Assert.Equal(3, entries.Select(e => e.GetProperty("idToken").GetProperty("idToken").GetString()).Distinct().Count());
        Assert.All(entries, e => Assert.True(e.TryGetProperty("idTokenInfo", out _), $"Expected every entry of a Full list to carry idTokenInfo, but one was {e}."));
        Assert.Equal("Blocked", Entry(send, blocked).GetProperty("idTokenInfo").GetProperty("status").GetString());
        Assert.Equal("ISO14443", Entry(send, card).GetProperty("idToken").GetProperty("type").GetString());
        Assert.Equal("Central", Entry(send, accepted).GetProperty("idToken").GetProperty("type").GetString());
        Assert.True(list.GetProperty("upToDate").GetBoolean(), $"Expected the list to be up to date once the station accepted it, but it was {list}.");
    }

    [Fact]
    public async Task TC_D_02_CSMS_A_differential_update_adds_an_entry_with_its_idTokenInfo_under_a_higher_version()
    {
        var first = await Operator.IdTagAsync();
        var added = await Operator.IdTagAsync();
        var station = await ListStationAsync();
        await Operator.PutAsync($"/api/charge-points/{station.Id}/local-list", new { idTags = new[] { first } });
        var current = SentLists(station).Single().GetProperty("versionNumber").GetInt32();

        await Operator.PostAsync($"/api/charge-points/{station.Id}/local-list/entries", new { idTags = new[] { added } });

        var update = SentLists(station).Last();
        Assert.Equal("Differential", update.GetProperty("updateType").GetString());
        Assert.True(update.GetProperty("versionNumber").GetInt32() > current, $"Expected a versionNumber above {current}, but it was {update}.");
        var entry = Assert.Single(update.GetProperty("localAuthorizationList").EnumerateArray());
        Assert.Equal(added, entry.GetProperty("idToken").GetProperty("idToken").GetString());
        Assert.Equal("Accepted", entry.GetProperty("idTokenInfo").GetProperty("status").GetString());
    }

    [Fact]
    public async Task TC_D_03_CSMS_A_differential_removal_names_the_entry_without_idTokenInfo()
    {
        var kept = await Operator.IdTagAsync();
        var removed = await Operator.IdTagAsync();
        var station = await ListStationAsync();
        await Operator.PutAsync($"/api/charge-points/{station.Id}/local-list", new { idTags = new[] { kept, removed } });

        var response = await Host.Api.DeleteAsync($"/api/charge-points/{station.Id}/local-list/entries/{removed}");
        Assert.True(response.IsSuccessStatusCode, $"Expected removing {removed} to succeed, but it answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");

        var update = SentLists(station).Last();
        Assert.Equal("Differential", update.GetProperty("updateType").GetString());
        var entry = Assert.Single(update.GetProperty("localAuthorizationList").EnumerateArray());
        Assert.Equal(removed, entry.GetProperty("idToken").GetProperty("idToken").GetString());
        Assert.False(entry.TryGetProperty("idTokenInfo", out _), $"Expected a removal to carry no idTokenInfo, but it was {entry}.");
    }

    [Fact]
    public async Task TC_D_04_CSMS_A_full_update_with_an_empty_list_leaves_the_list_out()
    {
        var station = await ListStationAsync();

        var list = await Operator.PutAsync($"/api/charge-points/{station.Id}/local-list", new { idTags = Array.Empty<string>() });

        var send = SentLists(station).Single();
        Assert.Equal("Full", send.GetProperty("updateType").GetString());
        Assert.True(send.GetProperty("versionNumber").GetInt32() > 0, $"Expected a versionNumber above 0, but it was {send}.");
        Assert.False(send.TryGetProperty("localAuthorizationList", out _), $"Expected an empty list to be left out (the schema allows no empty array), but it was {send}.");
        Assert.True(list.GetProperty("upToDate").GetBoolean(), $"Expected the empty list to be held by the station, but it was {list}.");
    }

    [Theory]
    [InlineData("TC_D_08_CSMS", 7)]
    [InlineData("TC_D_09_CSMS", 0)]
    public async Task TC_D_08_09_CSMS_The_version_the_station_reports_is_read_and_kept(string testCase, int stationVersion)
    {
        var station = await BootedStationAsync();
        station.Socket.OnServerCall = (_, _) => ServerCallAnswer.Result(new { versionNumber = stationVersion });

        var answer = await Operator.GetAsync($"/api/charge-points/{station.Id}/local-list/version");

        Assert.True(answer.GetProperty("versionNumber").GetInt32() == stationVersion, $"{testCase}: expected the station's version to reach the operator, but it was {answer}.");
        var (action, payload) = Assert.Single(station.Socket.ServerCalls);
        Assert.Equal(("GetLocalListVersion", "{}"), (action, payload.GetRawText()));
        var list = await Operator.GetAsync($"/api/charge-points/{station.Id}/local-list");
        Assert.True(list.GetProperty("reportedVersion").GetInt32() == stationVersion, $"{testCase}: expected the CSMS to keep version {stationVersion}, but the list is {list}.");
    }

    /// <summary>A booted station that takes at most 10 entries per message and accepts every list.</summary>
    private async Task<OcttStation> ListStationAsync()
    {
        var station = await BootedStationAsync();
        station.Socket.OnServerCall = (action, payload) => action switch
        {
            "GetVariables" => ServerCallAnswer.Result(new
            {
                getVariableResult = payload.GetProperty("getVariableData").EnumerateArray().Select(v => new
                {
                    attributeStatus = "Accepted",
                    attributeValue = "10",
                    component = new { name = v.GetProperty("component").GetProperty("name").GetString() },
                    variable = new { name = v.GetProperty("variable").GetProperty("name").GetString() },
                }).ToArray(),
            }),
            _ => ServerCallAnswer.Result(new { status = "Accepted" }),
        };
        return station;
    }

    private static List<JsonElement> SentLists(OcttStation station) =>
        [.. station.Socket.ServerCalls.Where(c => c.Action == "SendLocalList").Select(c => c.Payload)];

    private static JsonElement Entry(JsonElement send, string idToken) =>
        send.GetProperty("localAuthorizationList").EnumerateArray().Single(e => e.GetProperty("idToken").GetProperty("idToken").GetString() == idToken);
}
