using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansCsms.Tests.Api;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Ocpp;

[Collection(CsmsCollection.Name)]
public sealed class LocalAuthListTests(CsmsHostFixture fixture)
{
    private CsmsHost Host => fixture.Host;

    [Fact]
    public async Task A_list_changed_while_the_charge_point_is_offline_is_sent_whole_when_it_boots_again()
    {
        var id = Fresh.ChargePointId();
        await using (var firstConnection = await TestChargePoint.ConnectAsync(Host, id))
        {
            await firstConnection.CallAsync("BootNotification", V16Messages.BootNotification());
        }

        var idTag = await IdTagAsync();
        var offline = await ApiAssert.JsonAsync(await Host.Api.PutAsJsonAsync($"/api/charge-points/{id}/local-list", new { idTags = new[] { idTag } }), HttpStatusCode.OK);
        Assert.True(offline.GetProperty("lastResult").GetString("status") == "NotConnected" && !offline.GetProperty("upToDate").GetBoolean(),
            $"Expected the change to be kept but not yet held by the offline charge point {id}, but the list is {offline}.");

        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, id);
        var sent = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        chargePoint.OnServerCall = (action, payload) =>
        {
            if (action == "SendLocalList")
            {
                sent.TrySetResult(payload);
            }

            return ServerCallAnswer.Result(new { status = "Accepted" });
        };
        await chargePoint.CallAsync("BootNotification", V16Messages.BootNotification());
        var request = await sent.Task.WaitAsync(TimeSpan.FromSeconds(15));

        Assert.True(request.GetString("updateType") == "Full" && request.GetProperty("localAuthorizationList")[0].GetString("idTag") == idTag,
            $"Expected {id}'s boot to bring it the whole list holding {idTag}, but it got {request}.");
        await Poll.UntilAsync(
            async _ => (await ListAsync(id)).GetProperty("upToDate").GetBoolean(),
            TimeSpan.FromSeconds(15),
            $"the CSMS to record that {id} holds the list it accepted at boot");
    }

    [Fact]
    public async Task Removing_an_entry_sends_a_Differential_update_that_deletes_it()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        var (kept, removed) = (await IdTagAsync(), await IdTagAsync());
        await ApiAssert.JsonAsync(await Host.Api.PutAsJsonAsync($"/api/charge-points/{chargePoint.Id}/local-list", new { idTags = new[] { kept, removed } }), HttpStatusCode.OK);

        var list = await ApiAssert.JsonAsync(await Host.Api.DeleteAsync($"/api/charge-points/{chargePoint.Id}/local-list/entries/{removed}"), HttpStatusCode.OK);

        var request = chargePoint.ServerCalls.Where(c => c.Action == "SendLocalList").Select(c => c.Payload).Last();
        var entries = request.GetProperty("localAuthorizationList").EnumerateArray().ToList();
        Assert.True(request.GetString("updateType") == "Differential" && entries is [var entry] && entry.GetString("idTag") == removed && !entry.TryGetProperty("idTagInfo", out _),
            $"Expected a Differential update holding only {removed}, without idTagInfo (delete), but it was {request}.");
        Assert.True(list.GetProperty("entries").EnumerateArray().Select(e => e.GetString("idTag")).SequenceEqual([kept]),
            $"Expected the list to hold only {kept}, but it is {list}.");
        await ApiAssert.ProblemAsync(await Host.Api.DeleteAsync($"/api/charge-points/{chargePoint.Id}/local-list/entries/{removed}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_sync_with_full_resends_the_whole_list_and_a_CALLERROR_answer_is_recorded()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        await ApiAssert.JsonAsync(await Host.Api.PutAsJsonAsync($"/api/charge-points/{chargePoint.Id}/local-list", new { idTags = new[] { await IdTagAsync() } }), HttpStatusCode.OK);
        var unchanged = await ApiAssert.JsonAsync(await Host.Api.PostAsync($"/api/charge-points/{chargePoint.Id}/local-list/sync", null), HttpStatusCode.OK);
        Assert.True(chargePoint.ServerCalls.Count(c => c.Action == "SendLocalList") == 1,
            $"Expected a sync of an up-to-date list to send nothing, but {chargePoint.Id} got [{string.Join(", ", chargePoint.ServerCalls.Select(c => c.Action))}]; the list is {unchanged}.");
        chargePoint.OnServerCall = (_, _) => ServerCallAnswer.Error("InternalError", "storage full");

        var list = await ApiAssert.JsonAsync(await Host.Api.PostAsync($"/api/charge-points/{chargePoint.Id}/local-list/sync?full=true", null), HttpStatusCode.OK);

        var last = list.GetProperty("lastResult");
        Assert.True(last.GetString("updateType") == "Full" && last.GetString("status") == "CallError" && last.GetString("detail").Contains("InternalError", StringComparison.Ordinal),
            $"Expected the forced Full update's CALLERROR to be recorded with its code, but the list is {list}.");
    }

    [Fact]
    public async Task Bad_lists_are_refused_with_problems_naming_the_entry()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        var path = $"/api/charge-points/{chargePoint.Id}/local-list";
        var known = await IdTagAsync();

        await ApiAssert.ValidationProblemAsync(await Host.Api.PutAsJsonAsync(path, new { idTags = new[] { known, Fresh.IdTag() } }), "idTags[1]");
        await ApiAssert.ValidationProblemAsync(await Host.Api.PutAsJsonAsync(path, new { idTags = new[] { new string('A', 37) } }), "idTags[0]");
        await ApiAssert.ValidationProblemAsync(await Host.Api.PutAsJsonAsync(path, new { idTags = new[] { known, known } }), "idTags[1]");
        await ApiAssert.ValidationProblemAsync(await Host.Api.PutAsJsonAsync(path, new { }), "idTags");
        await ApiAssert.ValidationProblemAsync(
            await Host.Api.PutAsJsonAsync(path, new { idTags = Enumerable.Range(0, 10_001).Select(i => $"TOO-MANY-{i}").ToArray() }), "idTags");
        await ApiAssert.ProblemAsync(await Host.Api.PutAsJsonAsync($"/api/charge-points/{Fresh.ChargePointId()}/local-list", new { idTags = new[] { known } }), HttpStatusCode.NotFound);

        Assert.True(chargePoint.ServerCalls.IsEmpty, $"Expected no refused list to reach {chargePoint.Id}, but it got [{string.Join(", ", chargePoint.ServerCalls.Select(c => c.Action))}].");
        Assert.True((await ListAsync(chargePoint.Id)).GetProperty("version").GetInt32() == 0, $"Expected no refused list to make a version of {chargePoint.Id}'s list.");
    }

    private async Task<string> IdTagAsync()
    {
        var idTag = Fresh.IdTag();
        (await Host.Api.PutAsJsonAsync($"/api/id-tags/{idTag}", new { status = "Accepted", parentIdTag = "FLEET", expiryDate = DateTimeOffset.UtcNow.AddYears(1) })).EnsureSuccessStatusCode();
        return idTag;
    }

    private async Task<JsonElement> ListAsync(string id) =>
        await ApiAssert.JsonAsync(await Host.Api.GetAsync($"/api/charge-points/{id}/local-list"), HttpStatusCode.OK);
}
