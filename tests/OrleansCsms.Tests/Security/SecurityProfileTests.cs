using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansCsms.Tests.Api;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Security;

/// <summary>
/// The security profile of each connection, the minimum a charge point is held to once it accepts a higher one, and
/// lowering that minimum, which only an operator's explicit request does.
/// </summary>
[Collection(TlsCollection.Name)]
public sealed class SecurityProfileTests(TlsHostFixture fixture)
{
    private const string Password = "initial-password-0001";

    private CsmsHost Host => fixture.Host;

    [Fact]
    public async Task Each_connection_is_recorded_with_the_profile_it_arrived_on_and_the_highest_is_kept()
    {
        var id = await RegisterAsync(password: null);
        await ConnectAndCloseAsync(Host.OcppUri(id), id, password: null);
        var onProfile0 = await SecurityAsync(id);
        await SetPasswordAsync(id);
        await ConnectAndCloseAsync(Host.WssUri(id), id, Password, new ChargePointTls(fixture.Certificates));
        await ConnectAndCloseAsync(Host.OcppUri(id), id, Password);

        var afterProfile1 = await SecurityAsync(id);
        Assert.True(onProfile0.GetProperty("connectionProfile").GetInt32() == 0, $"Expected ws without credentials to be profile 0: {onProfile0}");
        Assert.True(afterProfile1.GetProperty("connectionProfile").GetInt32() == 1 && afterProfile1.GetProperty("highestProfile").GetInt32() == 2,
            $"Expected the last connection on profile 1 and the highest on 2 (wss and Basic), but the security is {afterProfile1}.");
        Assert.Equal(0, afterProfile1.GetProperty("minimumProfile").GetInt32());
    }

    [Fact]
    public async Task An_upgrade_the_charge_point_rejects_changes_nothing()
    {
        var id = await RegisterAsync(Password);
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host.OcppUri(id), id, Password);
        chargePoint.OnServerCall = (_, _) => ServerCallAnswer.Result(new { status = "Rejected" });

        var upgrade = await ApiAssert.JsonAsync(await Host.Api.PostAsJsonAsync($"/api/charge-points/{id}/security-profile", new { profile = 2 }), HttpStatusCode.OK);

        Assert.True(upgrade.GetProperty("status").GetString() == "Rejected" && upgrade.GetProperty("security").GetProperty("minimumProfile").GetInt32() == 0,
            $"Expected a Rejected upgrade to leave the minimum at 0, but it answered {upgrade}.");
        await ConnectAndCloseAsync(Host.OcppUri(id), id, Password);
    }

    [Fact]
    public async Task An_upgrade_the_charge_point_could_not_connect_on_is_refused_before_anything_is_sent()
    {
        var withoutPassword = await RegisterAsync(password: null);
        var withPassword = await RegisterAsync(Password);

        var toProfile2 = await Host.Api.PostAsJsonAsync($"/api/charge-points/{withoutPassword}/security-profile", new { profile = 2 });
        var toProfile4 = await Host.Api.PostAsJsonAsync($"/api/charge-points/{withPassword}/security-profile", new { profile = 4 });
        var unknown = await Host.Api.PostAsJsonAsync($"/api/charge-points/{Fresh.ChargePointId()}/security-profile", new { profile = 3 });

        var problem = await ApiAssert.ProblemAsync(toProfile2, HttpStatusCode.Conflict);
        Assert.Contains("password", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await ApiAssert.ValidationProblemAsync(toProfile4, "profile");
        await ApiAssert.ProblemAsync(unknown, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_minimum_is_lowered_only_by_an_explicit_request_with_a_reason_and_the_change_is_recorded()
    {
        var id = await RegisterAsync(Password);
        var notLower = await Host.Api.PostAsJsonAsync($"/api/charge-points/{id}/security-profile/lower", new { profile = 0, reason = "swap" });
        await using (var chargePoint = await TestChargePoint.ConnectAsync(Host.OcppUri(id), id, Password))
        {
            await ApiAssert.JsonAsync(await Host.Api.PostAsJsonAsync($"/api/charge-points/{id}/security-profile", new { profile = 3 }), HttpStatusCode.OK);
        }

        var noReason = await Host.Api.PostAsJsonAsync($"/api/charge-points/{id}/security-profile/lower", new { profile = 1 });
        var sameAgain = await Host.Api.PostAsJsonAsync($"/api/charge-points/{id}/security-profile", new { profile = 2 });
        Assert.Equal(HttpStatusCode.Forbidden, await TestChargePoint.RefusalAsync(Host.WssUri(id), id, Password, new ChargePointTls(fixture.Certificates)));
        var lowered = await ApiAssert.JsonAsync(
            await Host.Api.PostAsJsonAsync($"/api/charge-points/{id}/security-profile/lower", new { profile = 1, reason = "Controller replaced; the new one has no certificate yet" }),
            HttpStatusCode.OK);

        await ApiAssert.ProblemAsync(notLower, HttpStatusCode.Conflict);
        await ApiAssert.ValidationProblemAsync(noReason, "reason");
        await ApiAssert.ProblemAsync(sameAgain, HttpStatusCode.Conflict);
        var changes = lowered.GetProperty("minimumProfileChanges").EnumerateArray().Select(c => (c.GetProperty("from").GetInt32(), c.GetProperty("to").GetInt32())).ToList();
        Assert.True(lowered.GetProperty("minimumProfile").GetInt32() == 1 && changes.SequenceEqual([(0, 3), (3, 1)]),
            $"Expected the minimum raised to 3 and then lowered to 1, both recorded, but the security is {lowered}.");
        Assert.Contains("Controller replaced", lowered.GetProperty("minimumProfileChanges")[1].GetProperty("reason").GetString(), StringComparison.Ordinal);
        await ConnectAndCloseAsync(Host.OcppUri(id), id, Password);
    }

    private async Task ConnectAndCloseAsync(Uri uri, string id, string? password, ChargePointTls? tls = null)
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(uri, id, password, tls);
        await chargePoint.CallAsync("Heartbeat", new { });
    }

    private async Task<string> RegisterAsync(string? password)
    {
        var id = Fresh.ChargePointId();
        await ApiAssert.JsonAsync(await Host.Api.PostAsJsonAsync("/api/charge-points", new { id, password }), HttpStatusCode.Created);
        return id;
    }

    private async Task SetPasswordAsync(string id) =>
        await ApiAssert.NoContentAsync(await Host.Api.PutAsJsonAsync($"/api/charge-points/{id}/password", new { password = Password }));

    private async Task<JsonElement> SecurityAsync(string id) =>
        (await ApiAssert.JsonAsync(await Host.Api.GetAsync($"/api/charge-points/{id}"), HttpStatusCode.OK)).GetProperty("security");
}
