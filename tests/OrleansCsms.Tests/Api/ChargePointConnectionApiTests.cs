using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Api;

/// <summary>Closing a charge point's connection, and commands queued while it is offline, over real sockets.</summary>
[Collection(CsmsCollection.Name)]
public sealed class ChargePointConnectionApiTests(CsmsHostFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private CsmsHost Host => fixture.Host;

    private HttpClient Api => fixture.Host.Api;

    [Fact]
    public async Task Disconnecting_a_charge_point_closes_its_socket_and_a_second_disconnect_is_a_conflict()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());

        await ApiAssert.NoContentAsync(await Api.PostAsync($"/api/charge-points/{chargePoint.Id}/disconnect", null));

        var status = await chargePoint.Closed.WaitAsync(Patience);
        Assert.True(status == WebSocketCloseStatus.NormalClosure, $"Expected the server to close {chargePoint.Id}'s socket normally, but it closed with {status}.");
        await WaitUntilDisconnectedAsync(chargePoint.Id);
        await ApiAssert.ProblemAsync(await Api.PostAsync($"/api/charge-points/{chargePoint.Id}/disconnect", null), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Disconnecting_an_unknown_charge_point_is_not_found()
    {
        await ApiAssert.ProblemAsync(await Api.PostAsync($"/api/charge-points/{Fresh.ChargePointId()}/disconnect", null), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Queued_commands_are_delivered_in_order_after_the_next_boot_and_an_expired_one_is_never_sent()
    {
        var id = await OfflineChargePointAsync();
        var expiring = await ApiAssert.JsonAsync(
            await Api.PostAsJsonAsync($"/api/charge-points/{id}/unlock?queue=true&expiresIn=1", new { connectorId = 1 }), HttpStatusCode.Accepted);
        await ApiAssert.JsonAsync(
            await Api.PostAsJsonAsync($"/api/charge-points/{id}/availability?queue=true&expiresIn=600", new { connectorId = 0, type = "Inoperative" }), HttpStatusCode.Accepted);
        var reset = await Api.PostAsJsonAsync($"/api/charge-points/{id}/reset?queue=true", new { type = "Soft" });
        var queued = await ApiAssert.JsonAsync(reset, HttpStatusCode.Accepted);
        Assert.Equal(("Pending", "reset"), (queued.GetString("status"), queued.GetProperty("command").GetString("command")));
        Assert.Equal($"/api/charge-points/{id}/queued-commands/{queued.GetProperty("id").GetInt32()}", reset.Headers.Location?.OriginalString);
        await Poll.UntilAsync(
            async cancellationToken => (await QueuedAsync(id, expiring.GetProperty("id").GetInt32(), cancellationToken)).GetString("status") == "Expired",
            Patience,
            "the unlock queued for one second to show as Expired");

        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, id);
        var resetArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        chargePoint.OnServerCall = (action, _) =>
        {
            if (action == "Reset")
            {
                resetArrived.TrySetResult();
            }

            return ServerCallAnswer.Result(new { status = "Accepted" });
        };
        await chargePoint.CallAsync("BootNotification", V16Messages.BootNotification());
        await resetArrived.Task.WaitAsync(Patience);

        var (delivered, _) = await Poll.UntilAsync(
            cancellationToken => QueuedAsync(id, queued.GetProperty("id").GetInt32(), cancellationToken),
            c => c.GetString("status") == "Delivered",
            Patience,
            "the queued reset to be recorded as Delivered",
            c => c.ToString());
        Assert.Equal("Accepted", delivered.GetProperty("answer").GetString("status"));
        Assert.Equal(["ChangeAvailability", "Reset"], chargePoint.ServerCalls.Select(c => c.Action));
        Assert.Equal("Expired", (await QueuedAsync(id, expiring.GetProperty("id").GetInt32(), CancellationToken.None)).GetString("status"));
    }

    [Fact]
    public async Task A_removed_queued_command_is_gone_and_a_command_without_queue_is_still_a_conflict()
    {
        var id = await OfflineChargePointAsync();
        await ApiAssert.ProblemAsync(await Api.PostAsJsonAsync($"/api/charge-points/{id}/reset", new { type = "Hard" }), HttpStatusCode.Conflict);
        var queued = await ApiAssert.JsonAsync(await Api.PostAsync($"/api/charge-points/{id}/clear-cache?queue=true&expiresIn=600", null), HttpStatusCode.Accepted);
        var commandId = queued.GetProperty("id").GetInt32();

        await ApiAssert.NoContentAsync(await Api.DeleteAsync($"/api/charge-points/{id}/queued-commands/{commandId}"));

        var list = await ApiAssert.JsonAsync(await Api.GetAsync($"/api/charge-points/{id}/queued-commands"), HttpStatusCode.OK);
        Assert.Equal(0, list.GetArrayLength());
        await ApiAssert.ProblemAsync(await Api.DeleteAsync($"/api/charge-points/{id}/queued-commands/{commandId}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_expiry_without_queueing_or_out_of_range_is_a_validation_problem()
    {
        var id = await OfflineChargePointAsync();

        await ApiAssert.ValidationProblemAsync(await Api.PostAsJsonAsync($"/api/charge-points/{id}/reset?expiresIn=60", new { type = "Soft" }), "expiresIn");
        await ApiAssert.ValidationProblemAsync(await Api.PostAsJsonAsync($"/api/charge-points/{id}/reset?queue=true&expiresIn=0", new { type = "Soft" }), "expiresIn");
    }

    private async Task<JsonElement> QueuedAsync(string id, int commandId, CancellationToken cancellationToken) =>
        await Api.GetFromJsonAsync<JsonElement>($"/api/charge-points/{id}/queued-commands/{commandId}", cancellationToken);

    private async Task<string> OfflineChargePointAsync()
    {
        var id = Fresh.ChargePointId();
        await using (await TestChargePoint.ConnectAsync(Host, id))
        {
        }

        await WaitUntilDisconnectedAsync(id);
        return id;
    }

    private async Task WaitUntilDisconnectedAsync(string id) =>
        await Poll.UntilAsync(
            async cancellationToken => !(await Api.GetFromJsonAsync<JsonElement>($"/api/charge-points/{id}", cancellationToken)).GetProperty("connected").GetBoolean(),
            Patience,
            $"charge point {id} to show as disconnected once its socket closed");
}
