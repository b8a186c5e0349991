using System.Net;

namespace OrleansCsms.Tests.Api.Accounts;

/// <summary>A host with only an empty API key configured: no credentials at all, so the first-run open mode on loopback.</summary>
public sealed class OpenModeHostFixture : IAsyncLifetime
{
    private CsmsHost? _host;

    public CsmsHost Host => _host ?? throw new InvalidOperationException("The host has not started.");

    public async Task InitializeAsync() => _host = await CsmsHost.StartAsync(
        new Dictionary<string, string?> { ["Api:Keys:0"] = "" },
        sqlitePath: Path.Combine(Directory.CreateTempSubdirectory("csms-open-").FullName, "csms.db"));

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}

public sealed class OpenModeTests(OpenModeHostFixture fixture) : IClassFixture<OpenModeHostFixture>
{
    [Fact]
    public async Task An_empty_configured_key_is_no_key_so_the_loopback_api_stays_open()
    {
        var me = await ApiAssert.JsonAsync(await fixture.Host.Api.GetAsync("/api/auth/me"), HttpStatusCode.OK);

        await ApiAssert.JsonAsync(await fixture.Host.Api.GetAsync("/api/charge-points"), HttpStatusCode.OK);
        Assert.True(me.GetString("name") == "anonymous" && me.GetString("role") == "admin", $"Expected the open mode to sign in an anonymous admin: {me}");
    }

    [Fact]
    public async Task An_empty_api_key_header_counts_as_no_key()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/charge-points");
        request.Headers.TryAddWithoutValidation("X-Api-Key", "");

        await ApiAssert.JsonAsync(await fixture.Host.Api.SendAsync(request), HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_unknown_charge_point_registers_itself_while_nothing_is_secured()
    {
        var id = Fresh.ChargePointId();

        await using var chargePoint = await TestChargePoint.ConnectAsync(fixture.Host, id);

        await ApiAssert.JsonAsync(await fixture.Host.Api.GetAsync($"/api/charge-points/{id}"), HttpStatusCode.OK);
    }
}
