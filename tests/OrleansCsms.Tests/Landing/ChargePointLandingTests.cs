using System.Net;
using System.Net.Http.Json;
using OrleansCsms.Frontend.Landing;
using OrleansCsms.Tests.Api;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Landing;

/// <summary>The public page of a charge point and its QR codes, on the shared open host.</summary>
[Collection(CsmsCollection.Name)]
public sealed class ChargePointLandingTests(CsmsHostFixture fixture)
{
    private CsmsHost Host => fixture.Host;

    [Fact]
    public async Task The_page_shows_the_name_address_and_each_connectors_status_and_nothing_private()
    {
        var id = Fresh.ChargePointId();
        await ApiAssert.JsonAsync(await Host.Api.PostAsJsonAsync("/api/charge-points", new { id, description = "Bay <b>7</b> & co", address = "12 \"Quay\" <Road>" }), HttpStatusCode.Created);
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, id);
        await chargePoint.CallAsync("BootNotification", V16Messages.BootNotification());
        await chargePoint.CallAsync("StatusNotification", V16Messages.StatusNotification(0, "Available"));
        await chargePoint.CallAsync("StatusNotification", V16Messages.StatusNotification(1, "Available"));
        await chargePoint.CallAsync("StatusNotification", V16Messages.StatusNotification(2, "Charging"));
        var tag = Fresh.IdTag();
        await chargePoint.CallAsync("StartTransaction", V16Messages.StartTransaction(tag, 0, DateTimeOffset.UtcNow, connectorId: 2));

        var response = await new HttpClient { BaseAddress = Host.BaseAddress }.GetAsync($"/charge/{id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<h1>Bay &lt;b&gt;7&lt;/b&gt; &amp; co</h1>", html, StringComparison.Ordinal);
        Assert.Contains("12 &quot;Quay&quot; &lt;Road&gt;", html, StringComparison.Ordinal);
        Assert.Matches("Connector 1</span>\\s*<span class=\"status\">Available</span>", html);
        Assert.Matches("Connector 2</span>\\s*<span class=\"status\">Charging</span>", html);
        Assert.DoesNotContain("Connector 0", html, StringComparison.Ordinal);
        Assert.Contains("hold your charging card to the reader", html, StringComparison.Ordinal);
        Assert.Contains("name=\"viewport\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("offline", html, StringComparison.Ordinal);
        foreach (var secret in new[] { tag, "127.0.0.1", "transaction", "Acme" })
        {
            Assert.DoesNotContain(secret, html, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task A_charge_point_that_is_offline_says_so()
    {
        var id = Fresh.ChargePointId();
        await ApiAssert.JsonAsync(await Host.Api.PostAsJsonAsync("/api/charge-points", new { id }), HttpStatusCode.Created);

        var html = await new HttpClient { BaseAddress = Host.BaseAddress }.GetStringAsync($"/charge/{id}");

        Assert.Contains($"<h1>{id}</h1>", html, StringComparison.Ordinal);
        Assert.Contains("offline at the moment", html, StringComparison.Ordinal);
        Assert.Contains("No connector has reported its status yet.", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/charge/{fresh}")]
    [InlineData("/charge/{fresh}/qr.svg")]
    [InlineData("/charge/{fresh}/qr.png")]
    [InlineData("/charge/has%20space")]
    [InlineData("/charge/0123456789012345678901234567890123456789012345678")]
    public async Task An_unknown_or_impossible_charge_point_is_a_not_found_page(string path)
    {
        var response = await new HttpClient { BaseAddress = Host.BaseAddress }.GetAsync(path.Replace("{fresh}", Fresh.ChargePointId(), StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Charge point not found", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_qr_codes_encode_the_pages_absolute_url_from_the_request_and_may_be_cached()
    {
        var id = Fresh.ChargePointId();
        await ApiAssert.JsonAsync(await Host.Api.PostAsJsonAsync("/api/charge-points", new { id }), HttpStatusCode.Created);
        var expected = $"{Host.BaseAddress.GetLeftPart(UriPartial.Authority)}/charge/{id}";

        await AssertQrCodesAsync(new HttpClient { BaseAddress = Host.BaseAddress }, id, expected);
    }

    /// <summary>Both images carry exactly the modules QRCoder makes for <paramref name="expected"/>, and an independent reader decodes them to it.</summary>
    internal static async Task AssertQrCodesAsync(HttpClient client, string id, string expected)
    {
        using var expectedData = LandingQrCode.Encode(expected);
        var expectedModules = expectedData.ModuleMatrix.Count;
        var svg = await client.GetAsync($"/charge/{id}/qr.svg");
        var png = await client.GetAsync($"/charge/{id}/qr.png");

        Assert.True(svg.StatusCode == HttpStatusCode.OK && png.StatusCode == HttpStatusCode.OK, $"Expected both QR codes served, but got {svg.StatusCode} and {png.StatusCode}.");
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType?.MediaType);
        Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);
        Assert.True(svg.Headers.CacheControl is { Public: true, MaxAge: not null } && png.Headers.CacheControl is { Public: true, MaxAge: not null },
            $"Expected public, cacheable QR codes, but got '{svg.Headers.CacheControl}' and '{png.Headers.CacheControl}'.");
        var svgModules = QrImages.SvgModules(await svg.Content.ReadAsStringAsync(), expectedModules);
        var pngModules = QrImages.PngModules(await png.Content.ReadAsByteArrayAsync(), 10);
        var matrix = new bool[expectedModules, expectedModules];
        for (var row = 0; row < expectedModules; row++)
        {
            for (var column = 0; column < expectedModules; column++)
            {
                matrix[row, column] = expectedData.ModuleMatrix[row][column];
            }
        }

        Assert.Equal(QrImages.Describe(matrix), QrImages.Describe(svgModules));
        Assert.Equal(QrImages.Describe(matrix), QrImages.Describe(pngModules));
        Assert.Equal(expected, QrImages.Decode(svgModules));
        Assert.Equal(expected, QrImages.Decode(pngModules));
    }
}
