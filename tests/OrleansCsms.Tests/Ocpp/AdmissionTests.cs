using System.Net.Http.Json;
using System.Net.WebSockets;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Ocpp;

/// <summary>A host with closed admission, where only registered charge points get in.</summary>
public sealed class ClosedAdmissionHostFixture : IAsyncLifetime
{
    public CsmsHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await CsmsHost.StartAsync(new Dictionary<string, string?> { ["Ocpp:Admission"] = "closed" });

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

public sealed class ClosedAdmissionTests(ClosedAdmissionHostFixture fixture) : IClassFixture<ClosedAdmissionHostFixture>
{
    [Fact]
    public async Task An_unknown_charge_point_is_refused_at_the_handshake_with_404()
    {
        var id = Fresh.ChargePointId();

        var refused = await Assert.ThrowsAsync<WebSocketException>(() => TestChargePoint.OpenAsync(fixture.Host.OcppUri(id), id, null, ["ocpp1.6"]));

        Assert.Contains("404", refused.Message, StringComparison.Ordinal);
        var listed = await fixture.Host.Api.GetAsync($"/api/charge-points/{id}");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, listed.StatusCode);
    }

    [Fact]
    public async Task A_registered_charge_point_gets_in_and_boots_accepted()
    {
        var id = Fresh.ChargePointId();
        (await fixture.Host.Api.PostAsJsonAsync("/api/charge-points", new { id, description = "Depot bay 3" })).EnsureSuccessStatusCode();

        await using var chargePoint = await TestChargePoint.ConnectAsync(fixture.Host, id);
        var boot = await chargePoint.CallAsync("BootNotification", V16Messages.BootNotification());

        Assert.Equal("Accepted", boot.GetProperty("status").GetString());
    }
}

[Collection(CsmsCollection.Name)]
public sealed class ChargePointCredentialTests(CsmsHostFixture fixture)
{
    [Fact]
    public async Task A_charge_point_with_a_password_needs_basic_credentials_to_connect()
    {
        var id = Fresh.ChargePointId();
        (await fixture.Host.Api.PostAsJsonAsync("/api/charge-points", new { id, password = "correct horse battery" })).EnsureSuccessStatusCode();

        var missing = await Assert.ThrowsAsync<WebSocketException>(() => TestChargePoint.OpenAsync(fixture.Host.OcppUri(id), id, null, ["ocpp1.6"]));
        var wrong = await Assert.ThrowsAsync<WebSocketException>(() => TestChargePoint.OpenAsync(fixture.Host.OcppUri(id), id, "wrong password!", ["ocpp1.6"]));
        await using var right = await TestChargePoint.ConnectAsync(fixture.Host, id, "correct horse battery");

        Assert.Contains("401", missing.Message, StringComparison.Ordinal);
        Assert.Contains("401", wrong.Message, StringComparison.Ordinal);
        await right.CallAsync("Heartbeat", new { });
    }

    [Fact]
    public async Task A_replaced_password_takes_effect_at_the_next_handshake()
    {
        var id = Fresh.ChargePointId();
        (await fixture.Host.Api.PostAsJsonAsync("/api/charge-points", new { id, password = "first-password-1" })).EnsureSuccessStatusCode();

        (await fixture.Host.Api.PutAsJsonAsync($"/api/charge-points/{id}/password", new { password = "second-password-2" })).EnsureSuccessStatusCode();

        await Assert.ThrowsAsync<WebSocketException>(() => TestChargePoint.OpenAsync(fixture.Host.OcppUri(id), id, "first-password-1", ["ocpp1.6"]));
        await using var chargePoint = await TestChargePoint.ConnectAsync(fixture.Host, id, "second-password-2");
        await chargePoint.CallAsync("Heartbeat", new { });
    }
}
