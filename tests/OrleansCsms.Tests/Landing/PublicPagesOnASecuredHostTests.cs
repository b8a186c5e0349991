using System.Net;
using System.Net.Http.Json;
using OrleansCsms.Tests.Api;
using OrleansCsms.Tests.Api.Accounts;

namespace OrleansCsms.Tests.Landing;

/// <summary>
/// A host secured with operator accounts and configured for its public pages: the pages and their QR codes stay open
/// to anyone while the API, the overview and the export stay closed to all but signed-in roles.
/// </summary>
public sealed class PublicPagesOnASecuredHostTests(PublicPagesOnASecuredHostTests.Fixture fixture) : IClassFixture<PublicPagesOnASecuredHostTests.Fixture>
{
    private const string PublicBaseUrl = "https://charge.example.test/network";

    [Fact]
    public async Task The_page_and_its_qr_codes_need_no_login_while_the_api_does()
    {
        var id = await fixture.RegisterAsync();
        using var anonymous = new HttpClient { BaseAddress = fixture.Host.BaseAddress };

        var page = await anonymous.GetAsync($"/charge/{id}");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        await ApiAssert.ProblemAsync(await anonymous.GetAsync($"/api/charge-points/{id}"), HttpStatusCode.Unauthorized);
        await ApiAssert.ProblemAsync(await anonymous.GetAsync("/api/overview"), HttpStatusCode.Unauthorized);
        await ApiAssert.ProblemAsync(await anonymous.GetAsync("/api/charge-points/locations"), HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/transactions/export.csv")).StatusCode);
        await ChargePointLandingTests.AssertQrCodesAsync(anonymous, id, $"{PublicBaseUrl}/charge/{id}");
    }

    [Fact]
    public async Task The_page_shows_the_configured_operator_and_instructions_paragraph_by_paragraph()
    {
        var id = await fixture.RegisterAsync();

        var html = await new HttpClient { BaseAddress = fixture.Host.BaseAddress }.GetStringAsync($"/charge/{id}");

        Assert.Contains("<p class=\"operator\">Fjord &amp; Fell Charging</p>", html, StringComparison.Ordinal);
        Assert.Contains("<p>Scan the code &lt;here&gt;.</p>", html, StringComparison.Ordinal);
        Assert.Contains("<p>Then plug in.</p>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_viewer_may_read_the_map_the_overview_and_the_series_and_export_the_transactions()
    {
        using var viewer = new HttpClient { BaseAddress = fixture.Host.BaseAddress };
        viewer.DefaultRequestHeaders.Add("X-Api-Key", SecuredHostFixture.ViewerKey);

        var export = await viewer.GetAsync("/api/transactions/export.csv");

        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("text/csv", export.Content.Headers.ContentType?.MediaType);
        await ApiAssert.JsonAsync(await viewer.GetAsync("/api/charge-points/locations"), HttpStatusCode.OK);
        await ApiAssert.JsonAsync(await viewer.GetAsync("/api/overview"), HttpStatusCode.OK);
        await ApiAssert.JsonAsync(await viewer.GetAsync("/api/statistics/series"), HttpStatusCode.OK);
        await ApiAssert.ProblemAsync(await viewer.PutAsJsonAsync($"/api/charge-points/{Fresh.ChargePointId()}/location", new { latitude = 1, longitude = 1 }), HttpStatusCode.Forbidden);
    }

    /// <summary>A secured host (first admin, viewer key) with Console:OperatorName, StartInstructions and PublicBaseUrl set.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        private CsmsHost? _host;

        public CsmsHost Host => _host ?? throw new InvalidOperationException("The host has not started.");

        public async Task InitializeAsync() => _host = await CsmsHost.StartAsync(new Dictionary<string, string?>
        {
            ["Auth:InitialAdmin:Name"] = SecuredHostFixture.AdminName,
            ["Auth:InitialAdmin:Password"] = SecuredHostFixture.AdminPassword,
            ["Api:KeyRoles:0:Key"] = SecuredHostFixture.ViewerKey,
            ["Api:KeyRoles:0:Role"] = "viewer",
            ["Console:OperatorName"] = "Fjord & Fell Charging",
            ["Console:StartInstructions"] = "Scan the code <here>.\nThen plug in.",
            ["Console:PublicBaseUrl"] = PublicBaseUrl + "/",
        });

        /// <summary>Registers a charge point as the first admin and returns its id.</summary>
        public async Task<string> RegisterAsync()
        {
            var id = Fresh.ChargePointId();
            var token = (await ApiAssert.JsonAsync(
                await Host.Api.PostAsJsonAsync("/api/auth/token", new { name = SecuredHostFixture.AdminName, password = SecuredHostFixture.AdminPassword }),
                HttpStatusCode.OK)).GetString("accessToken");
            using var admin = new HttpClient { BaseAddress = Host.BaseAddress };
            admin.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            await ApiAssert.JsonAsync(await admin.PostAsJsonAsync("/api/charge-points", new { id, description = "Ferry terminal" }), HttpStatusCode.Created);
            return id;
        }

        public async Task DisposeAsync()
        {
            if (_host is not null)
            {
                await _host.DisposeAsync();
            }
        }
    }
}
