using System.Net;
using System.Net.Http.Json;

namespace OrleansCsms.Tests.Ocpp;

/// <summary>A host where charge points that register themselves wait as Pending until an operator approves them.</summary>
public sealed class PendingApprovalHostFixture : IAsyncLifetime
{
    public CsmsHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await CsmsHost.StartAsync(new Dictionary<string, string?>
    {
        ["Ocpp:NewChargePointBootStatus"] = "Pending",
        ["Ocpp:BootRetryIntervalSeconds"] = "42",
    });

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

public sealed class PendingApprovalTests(PendingApprovalHostFixture fixture) : IClassFixture<PendingApprovalHostFixture>
{
    [Fact]
    public async Task A_self_registered_charge_point_boots_pending_until_an_operator_registers_it()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(fixture.Host, Fresh.ChargePointId());

        var pending = await chargePoint.CallAsync("BootNotification", V16Messages.BootNotification());
        var registered = await fixture.Host.Api.PostAsJsonAsync("/api/charge-points", new { id = chargePoint.Id, description = "Approved" });
        var accepted = await chargePoint.CallAsync("BootNotification", V16Messages.BootNotification());
        var again = await fixture.Host.Api.PostAsJsonAsync("/api/charge-points", new { id = chargePoint.Id });

        Assert.Equal("Pending", pending.GetProperty("status").GetString());
        Assert.Equal(42, pending.GetProperty("interval").GetInt32());
        Assert.True(registered.StatusCode == HttpStatusCode.Created, $"Registering a self-registered charge point approves it: expected 201, got {(int)registered.StatusCode}.");
        Assert.Equal("Accepted", accepted.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }
}
