using System.Net;
using System.Net.Http.Json;
using OrleansCsms.Tests.Api;
using OrleansCsms.Tests.Api.Accounts;

namespace OrleansCsms.Tests.Hosting;

public sealed class DashboardTests
{
    [Fact]
    public async Task The_Orleans_dashboard_is_served_only_when_switched_on()
    {
        await using var on = await CsmsHost.StartAsync(new Dictionary<string, string?> { ["Dashboard:Enabled"] = "true" }, sqlitePath: TempDatabase());
        await using var off = await CsmsHost.StartAsync(sqlitePath: TempDatabase());

        using var served = await on.Api.GetAsync("/dashboard/");
        using var absent = await off.Api.GetAsync("/dashboard/");

        var page = await served.Content.ReadAsStringAsync();
        Assert.True(served.StatusCode == HttpStatusCode.OK && page.Contains("<html", StringComparison.OrdinalIgnoreCase),
            $"Expected /dashboard/ to serve the Orleans Dashboard page with Dashboard:Enabled=true, but got {(int)served.StatusCode}: {page[..Math.Min(200, page.Length)]}");
        Assert.True(absent.StatusCode == HttpStatusCode.NotFound, $"Expected no dashboard without Dashboard:Enabled, but /dashboard/ answered {(int)absent.StatusCode}.");
    }

    [Fact]
    public async Task On_a_host_with_operator_accounts_the_dashboard_is_for_signed_in_admins_only()
    {
        await using var host = await CsmsHost.StartAsync(new Dictionary<string, string?>
        {
            ["Dashboard:Enabled"] = "true",
            ["Auth:InitialAdmin:Name"] = SecuredHostFixture.AdminName,
            ["Auth:InitialAdmin:Password"] = SecuredHostFixture.AdminPassword,
            ["Api:KeyRoles:0:Key"] = SecuredHostFixture.ViewerKey,
            ["Api:KeyRoles:0:Role"] = "viewer",
        }, sqlitePath: TempDatabase());
        using var anonymous = new HttpClient { BaseAddress = host.BaseAddress };
        using var viewer = new HttpClient { BaseAddress = host.BaseAddress };
        viewer.DefaultRequestHeaders.Add("X-Api-Key", SecuredHostFixture.ViewerKey);
        using var cookies = new HttpClientHandler { CookieContainer = new CookieContainer() };
        using var admin = new HttpClient(cookies) { BaseAddress = host.BaseAddress };
        await ApiAssert.JsonAsync(
            await admin.PostAsJsonAsync("/api/auth/login", new { name = SecuredHostFixture.AdminName, password = SecuredHostFixture.AdminPassword }), HttpStatusCode.OK);

        using var anonymousPage = await anonymous.GetAsync("/dashboard/");
        using var anonymousData = await anonymous.GetAsync("/dashboard/DashboardCounters");
        using var viewerPage = await viewer.GetAsync("/dashboard/");
        using var adminPage = await admin.GetAsync("/dashboard/");

        Assert.True(anonymousPage.StatusCode == HttpStatusCode.Unauthorized && anonymousData.StatusCode == HttpStatusCode.Unauthorized,
            $"Expected the dashboard and its data refused without credentials, but they answered {(int)anonymousPage.StatusCode} and {(int)anonymousData.StatusCode}.");
        Assert.True(viewerPage.StatusCode == HttpStatusCode.Forbidden, $"Expected a viewer refused the dashboard, but it answered {(int)viewerPage.StatusCode}.");
        var page = await adminPage.Content.ReadAsStringAsync();
        Assert.True(adminPage.StatusCode == HttpStatusCode.OK && page.Contains("<html", StringComparison.OrdinalIgnoreCase),
            $"Expected the admin signed in to the console to get the dashboard, but got {(int)adminPage.StatusCode}: {page[..Math.Min(200, page.Length)]}");
    }

    private static string TempDatabase() => Path.Combine(Directory.CreateTempSubdirectory("csms-dashboard-").FullName, "csms.db");
}
