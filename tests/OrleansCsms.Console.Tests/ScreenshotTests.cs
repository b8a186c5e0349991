using System.Net.Http.Json;
using static OrleansCsms.Console.Tests.ConsolePages;

namespace OrleansCsms.Console.Tests;

/// <summary>
/// The README's screenshots of the main pages, over real data this test creates: charge points on sockets, one of them
/// charging with meter values, placed on the map. Written to CSMS_SCREENSHOTS_DIR when set, else to a temporary folder.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class ScreenshotTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task The_main_pages_render_with_live_data_and_are_captured()
    {
        var directory = Environment.GetEnvironmentVariable("CSMS_SCREENSHOTS_DIR") is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.Combine(Path.GetTempPath(), $"csms-screenshots-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        var tag = await fixture.AcceptedTagAsync();
        await using var charging = await fixture.BootedChargePointAsync(Fresh.ChargePointId("AMS"));
        await using var idle = await fixture.BootedChargePointAsync(Fresh.ChargePointId("UTR"));
        await LocateAsync(charging.Id, 52.3676, 4.9041);
        await LocateAsync(idle.Id, 52.0907, 5.1214);
        var began = DateTimeOffset.UtcNow.AddMinutes(-30);
        var started = await charging.CallAsync("StartTransaction", V16Messages.StartTransaction(tag, 12_000, began, connectorId: 1));
        var transactionId = started.GetProperty("transactionId").GetInt32();
        await charging.CallAsync("StatusNotification", V16Messages.StatusNotification(1, "Charging"));
        for (var minute = 5; minute <= 30; minute += 5)
        {
            await charging.CallAsync("MeterValues", V16Messages.MeterValues(transactionId, began.AddMinutes(minute), 12_000 + (minute * 180)));
        }

        var page = await fixture.SignedInPageAsync(ConsoleFixture.AdminName, ConsoleFixture.AdminPassword);
        await Expect(page.GetByTestId("overview")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("overview-chart")).Not.ToHaveAttributeAsync("data-count", "0");
        await page.ScreenshotAsync(new() { Path = Path.Combine(directory, "overview.png") });

        await page.GotoAsync("/console/charge-points");
        await Expect(page.ConnectionBadge(charging.Id)).ToHaveTextAsync("Connected");
        await page.ScreenshotAsync(new() { Path = Path.Combine(directory, "charge-points.png") });

        await page.GotoAsync($"/console/charge-points/{charging.Id}");
        await Expect(page.StatusBadge(charging.Id, 1)).ToHaveTextAsync("Charging");
        await page.ScreenshotAsync(new() { Path = Path.Combine(directory, "charge-point.png"), FullPage = true });

        await page.GotoAsync($"/console/transactions/{transactionId}");
        await Expect(page.GetByTestId("energy-chart")).ToHaveAttributeAsync("data-count", "6");
        await page.ScreenshotAsync(new() { Path = Path.Combine(directory, "transaction.png") });

        await page.GotoAsync("/console/map");
        await Expect(page.Locator($"[data-marker='{charging.Id}']")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(directory, "map.png") });

        foreach (var name in new[] { "overview", "charge-points", "charge-point", "transaction", "map" })
        {
            Assert.True(new FileInfo(Path.Combine(directory, name + ".png")).Length > 0, $"Expected a screenshot of the {name} page in {directory}.");
        }

        await page.Context.CloseAsync();
    }

    private async Task LocateAsync(string chargePointId, double latitude, double longitude)
    {
        var response = await fixture.Admin.PutAsJsonAsync($"/api/charge-points/{chargePointId}/location", new { latitude, longitude });
        Assert.True(response.IsSuccessStatusCode, $"Expected {chargePointId} to be placed at {latitude}, {longitude}, but got {(int)response.StatusCode}.");
    }
}
