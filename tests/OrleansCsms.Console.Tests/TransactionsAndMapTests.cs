using System.Net.Http.Json;
using static OrleansCsms.Console.Tests.ConsolePages;

namespace OrleansCsms.Console.Tests;

/// <summary>The transactions list's CSV export and the map, in a browser.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class TransactionsAndMapTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task The_CSV_export_link_downloads_the_listed_transaction()
    {
        var tag = await fixture.AcceptedTagAsync();
        await using var chargePoint = await fixture.BootedChargePointAsync();
        var began = DateTimeOffset.UtcNow.AddMinutes(-10);
        var started = await chargePoint.CallAsync("StartTransaction", V16Messages.StartTransaction(tag, 500, began));
        var transactionId = started.GetProperty("transactionId").GetInt32();
        await chargePoint.CallAsync("StopTransaction", V16Messages.StopTransaction(transactionId, 2500, began.AddMinutes(5)));
        var page = await fixture.SignedInPageAsync(ConsoleFixture.ViewerName);
        await page.GotoAsync($"/console/transactions?chargePointId={chargePoint.Id}");
        await Expect(page.Locator($"a[href='/console/transactions/{transactionId}']")).ToBeVisibleAsync();

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-csv").ClickAsync());
        var path = await download.PathAsync();
        var csv = await File.ReadAllTextAsync(path);

        Assert.True(csv.Contains(chargePoint.Id, StringComparison.Ordinal) && csv.Contains(tag, StringComparison.Ordinal),
            $"Expected the downloaded CSV to hold transaction {transactionId} of {chargePoint.Id} with {tag}, but it reads:\n{csv}");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_map_shows_a_located_charge_point_as_a_marker_linking_to_its_page()
    {
        var id = await fixture.RegisteredChargePointAsync("Utrecht Centraal");
        var located = await fixture.Admin.PutAsJsonAsync($"/api/charge-points/{id}/location", new { latitude = 52.0894, longitude = 5.1100 });
        Assert.True(located.IsSuccessStatusCode, $"Expected {id} to be located, but got {(int)located.StatusCode}.");
        var page = await fixture.SignedInPageAsync(ConsoleFixture.ViewerName);

        await page.GotoAsync("/console/map");
        var marker = page.Locator($"[data-marker='{id}']");
        await Expect(marker).ToBeVisibleAsync();
        await marker.Locator("circle").ClickAsync();

        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == $"/console/charge-points/{id}");
        await page.Context.CloseAsync();
    }
}
