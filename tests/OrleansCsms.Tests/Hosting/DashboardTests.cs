using System.Net;

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

    private static string TempDatabase() => Path.Combine(Directory.CreateTempSubdirectory("csms-dashboard-").FullName, "csms.db");
}
