using System.Globalization;
using System.Text.Json;
using static OrleansCsms.Console.Tests.ConsolePages;

namespace OrleansCsms.Console.Tests;

/// <summary>Charge points seen and commanded from the console, played against test charge points over real sockets.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ChargePointPageTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task A_charge_point_that_connects_turns_its_badges_live_without_a_reload()
    {
        var id = await fixture.RegisteredChargePointAsync("Depot bay 4");
        var page = await fixture.SignedInPageAsync(ConsoleFixture.OperatorName);
        await page.GotoAsync($"/console/charge-points?search={id}");
        await Expect(page.ConnectionBadge(id)).ToHaveTextAsync("Offline");
        await page.MarkDocumentAsync();
        await page.LiveAsync();

        await using var chargePoint = await fixture.BootedChargePointAsync(id);

        await Expect(page.ConnectionBadge(id)).ToHaveTextAsync("Connected");
        await Expect(page.StatusBadge(id, 0)).ToHaveTextAsync("Available");
        Assert.True(await page.IsSameDocumentAsync(), "Expected the badges to change in the page as it was, without a reload.");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_operator_starts_a_session_from_the_charge_point_page_watches_its_energy_grow_and_stops_it()
    {
        var tag = await fixture.AcceptedTagAsync();
        await using var chargePoint = await fixture.BootedChargePointAsync();
        var remoteStart = Asked(chargePoint, "RemoteStartTransaction", out var remoteStop);
        var page = await fixture.SignedInPageAsync(ConsoleFixture.OperatorName);
        await page.GotoAsync($"/console/charge-points/{chargePoint.Id}");

        var start = page.CommandForm("remote-start");
        await start.Locator("input[name='Start.IdTag']").FillAsync(tag);
        await start.Locator("input[name='Start.ConnectorId']").FillAsync("1");
        await start.Locator("button[type=submit]").ClickAsync();
        await Expect(page.CommandAnswer()).ToContainTextAsync("RemoteStartTransaction: Accepted");
        var asked = await remoteStart.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.True(asked.GetProperty("idTag").GetString() == tag, $"Expected RemoteStartTransaction for {tag}, but got {asked}.");

        var began = DateTimeOffset.UtcNow;
        var started = await chargePoint.CallAsync("StartTransaction", V16Messages.StartTransaction(tag, 1000, began, connectorId: 1));
        var transactionId = started.GetProperty("transactionId").GetInt32();
        await page.GotoAsync($"/console/transactions/{transactionId}");
        var energyChart = page.GetByTestId("energy-chart");
        await Expect(energyChart).ToHaveAttributeAsync("data-count", "0");
        await page.LiveAsync();

        await chargePoint.CallAsync("MeterValues", V16Messages.MeterValues(transactionId, began.AddSeconds(30), 1600));
        await Expect(energyChart).ToHaveAttributeAsync("data-count", "1");
        await chargePoint.CallAsync("MeterValues", V16Messages.MeterValues(transactionId, began.AddSeconds(60), 3200));
        await Expect(energyChart).ToHaveAttributeAsync("data-count", "2");
        await Expect(page.GetByTestId("energy")).ToHaveTextAsync("2,200 Wh");
        await Expect(page.GetByTestId("power-chart")).ToHaveAttributeAsync("data-count", "2");

        await page.GotoAsync($"/console/charge-points/{chargePoint.Id}");
        var stop = page.CommandForm("remote-stop");
        await stop.Locator("select").SelectOptionAsync(transactionId.ToString(CultureInfo.InvariantCulture));
        await stop.Locator("button[type=submit]").ClickAsync();
        await Expect(page.CommandAnswer()).ToContainTextAsync("RemoteStopTransaction: Accepted");
        var stopAsked = await remoteStop.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.True(stopAsked.GetProperty("transactionId").GetInt32() == transactionId, $"Expected RemoteStopTransaction for {transactionId}, but got {stopAsked}.");
        await chargePoint.CallAsync("StopTransaction", V16Messages.StopTransaction(transactionId, 3500, began.AddSeconds(90), reason: "Remote"));

        await page.GotoAsync($"/console/transactions/{transactionId}");
        await Expect(page.Locator($"[data-transaction-state='{transactionId}']")).ToHaveTextAsync("Stopped");
        await Expect(page.GetByTestId("energy")).ToHaveTextAsync("2,500 Wh");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_viewer_sees_no_command_forms_and_the_server_refuses_its_commands_with_403()
    {
        await using var chargePoint = await fixture.BootedChargePointAsync();
        var page = await fixture.SignedInPageAsync(ConsoleFixture.ViewerName);

        await page.GotoAsync($"/console/charge-points/{chargePoint.Id}");
        await Expect(page.GetByTestId("read-only")).ToBeVisibleAsync();
        Assert.True(await page.Locator("form[data-command]").CountAsync() == 0, "Expected a viewer to be shown no command form.");
        var refused = await page.APIRequest.PostAsync($"/api/charge-points/{chargePoint.Id}/reset", new() { DataObject = new { type = "Soft" } });

        Assert.True(refused.Status == 403, $"Expected the viewer's reset to be refused with 403, but got {refused.Status}.");
        Assert.DoesNotContain(chargePoint.ServerCalls, call => call.Action == "Reset");
        await page.Context.CloseAsync();
    }

    /// <summary>Answers every server call Accepted and tells when the charge point was asked to start and to stop.</summary>
    private static TaskCompletionSource<JsonElement> Asked(TestChargePoint chargePoint, string action, out TaskCompletionSource<JsonElement> remoteStop)
    {
        var start = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        var stop = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        chargePoint.OnServerCall = (called, payload) =>
        {
            if (called == action)
            {
                start.TrySetResult(payload.Clone());
            }
            else if (called == "RemoteStopTransaction")
            {
                stop.TrySetResult(payload.Clone());
            }

            return ServerCallAnswer.Result(new { status = "Accepted" });
        };
        remoteStop = stop;
        return start;
    }
}
