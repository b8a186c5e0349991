using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansCsms.Tests.Api;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Security;

/// <summary>
/// Rotating a charge point's AuthorizationKey (security profile 1): only an Accepted answer makes the new key its
/// password, recorded before the operator hears of it; a charge point that switches before its answer is recorded gets in.
/// </summary>
[Collection(CsmsCollection.Name)]
public sealed class AuthorizationKeyRotationTests(CsmsHostFixture fixture)
{
    private const string Password = "initial-password-0001";

    private CsmsHost Host => fixture.Host;

    [Theory]
    [InlineData("Rejected")]
    [InlineData("NotSupported")]
    public async Task A_key_the_charge_point_does_not_accept_leaves_the_old_password(string answer)
    {
        var id = await RegisterAsync();
        const string key = "00112233445566778899AABBCCDDEEFF00112233";
        await using (var chargePoint = await TestChargePoint.ConnectAsync(Host.OcppUri(id), id, Password))
        {
            chargePoint.OnServerCall = (_, _) => ServerCallAnswer.Result(new { status = answer });

            var rotation = await ApiAssert.JsonAsync(await Host.Api.PostAsJsonAsync($"/api/charge-points/{id}/authorization-key", new { key }), HttpStatusCode.OK);

            Assert.True(rotation.GetProperty("status").GetString() == answer && !rotation.GetProperty("applied").GetBoolean(),
                $"Expected the rotation to report {answer}, not applied, but it answered {rotation}.");
            Assert.Equal(key, Assert.Single(chargePoint.ServerCalls).Payload.GetProperty("value").GetString());
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await TestChargePoint.RefusalAsync(Host.OcppUri(id), id, key));
        await using var again = await TestChargePoint.ConnectAsync(Host.OcppUri(id), id, Password);
        var security = await SecurityAsync(id);
        Assert.True(!security.GetProperty("authorizationKeyPending").GetBoolean() && security.GetProperty("lastAuthorizationKeyRotation").GetProperty("outcome").GetString() == answer,
            $"Expected no key pending and the rotation recorded as {answer}, but the security is {security}.");
    }

    [Fact]
    public async Task Rotating_the_key_of_a_charge_point_that_is_not_connected_is_a_conflict_and_keeps_the_password()
    {
        var id = await RegisterAsync();

        var response = await Host.Api.PostAsJsonAsync($"/api/charge-points/{id}/authorization-key", new { });

        var problem = await ApiAssert.ProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Contains("old password stays", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host.OcppUri(id), id, Password);
        Assert.False((await SecurityAsync(id)).GetProperty("authorizationKeyPending").GetBoolean(), "Expected no key left pending after a rotation that was never sent.");
    }

    [Theory]
    [InlineData("0011223344556677889900112233445")]
    [InlineData("00112233445566778899001122334455667788990")]
    [InlineData("001122334455667788990011223344556677889900")]
    [InlineData("not-hexadecimal-but-long-enough-00000000")]
    [InlineData("")]
    public async Task A_key_outside_16_to_20_bytes_of_hexadecimal_is_refused(string key)
    {
        var id = await RegisterAsync();

        var response = await Host.Api.PostAsJsonAsync($"/api/charge-points/{id}/authorization-key", new { key });

        await ApiAssert.ValidationProblemAsync(response, "key");
    }

    [Fact]
    public async Task A_charge_point_that_reconnects_with_the_new_key_before_answering_is_admitted_and_the_old_password_refused()
    {
        var id = await RegisterAsync();
        const string key = "A1B2C3D4E5F60718293A4B5C6D7E8F90";
        var switched = new TaskCompletionSource<TestChargePoint>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var old = await TestChargePoint.ConnectAsync(Host.OcppUri(id), id, Password);

        // The charge point takes the key and reconnects with it at once; its answer on the old connection never comes.
        old.OnServerCall = (_, payload) =>
        {
            var newKey = payload.GetProperty("value").GetString();
            Task.Run(async () =>
            {
                var chargePoint = await TestChargePoint.ConnectAsync(Host.OcppUri(id), id, newKey);
                switched.SetResult(chargePoint);
            }).ContinueWith(t => switched.TrySetException(t.Exception!), TaskContinuationOptions.OnlyOnFaulted);
            return ServerCallAnswer.Silence;
        };
        var rotation = await ApiAssert.JsonAsync(await Host.Api.PostAsJsonAsync($"/api/charge-points/{id}/authorization-key", new { key }), HttpStatusCode.OK);
        await using var reconnected = await switched.Task.WaitAsync(TimeSpan.FromSeconds(15));

        Assert.True(rotation.GetProperty("applied").GetBoolean(), $"Expected the key the charge point connected with to be applied, but the rotation answered {rotation}.");
        await reconnected.CallAsync("Heartbeat", new { });
        Assert.Equal(HttpStatusCode.Unauthorized, await TestChargePoint.RefusalAsync(Host.OcppUri(id), id, Password));
    }

    [Fact]
    public async Task A_key_left_unanswered_is_accepted_once_and_then_is_the_password()
    {
        var id = await RegisterAsync();
        const string key = "0F1E2D3C4B5A69788796A5B4C3D2E1F0";
        await using (var chargePoint = await TestChargePoint.ConnectAsync(Host.OcppUri(id), id, Password))
        {
            chargePoint.OnServerCall = (_, _) => ServerCallAnswer.Silence;

            var response = await Host.Api.PostAsJsonAsync($"/api/charge-points/{id}/authorization-key", new { key });

            await ApiAssert.ProblemAsync(response, HttpStatusCode.GatewayTimeout);
            Assert.True((await SecurityAsync(id)).GetProperty("authorizationKeyPending").GetBoolean(), "Expected the unanswered key to stay pending.");
        }

        await using var withNewKey = await TestChargePoint.ConnectAsync(Host.OcppUri(id), id, key);
        await withNewKey.CallAsync("Heartbeat", new { });
        Assert.Equal(HttpStatusCode.Unauthorized, await TestChargePoint.RefusalAsync(Host.OcppUri(id), id, Password));
        var security = await SecurityAsync(id);
        Assert.True(!security.GetProperty("authorizationKeyPending").GetBoolean() && security.GetProperty("lastAuthorizationKeyRotation").GetProperty("applied").GetBoolean(),
            $"Expected the key applied once the charge point used it, but the security is {security}.");
    }

    [Fact]
    public async Task A_charge_point_without_a_password_still_gets_in_without_one_while_its_first_key_is_unanswered()
    {
        var id = Fresh.ChargePointId();
        await ApiAssert.JsonAsync(await Host.Api.PostAsJsonAsync("/api/charge-points", new { id }), HttpStatusCode.Created);
        const string key = "1234567890ABCDEF1234567890ABCDEF";
        await using (var chargePoint = await TestChargePoint.ConnectAsync(Host.OcppUri(id), id))
        {
            chargePoint.OnServerCall = (_, _) => ServerCallAnswer.Silence;
            await ApiAssert.ProblemAsync(await Host.Api.PostAsJsonAsync($"/api/charge-points/{id}/authorization-key", new { key }), HttpStatusCode.GatewayTimeout);
        }

        await using (var stillWithout = await TestChargePoint.ConnectAsync(Host.OcppUri(id), id))
        {
            await stillWithout.CallAsync("Heartbeat", new { });
        }

        await using (var withKey = await TestChargePoint.ConnectAsync(Host.OcppUri(id), id, key))
        {
            await withKey.CallAsync("Heartbeat", new { });
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await TestChargePoint.RefusalAsync(Host.OcppUri(id), id));
    }

    private async Task<string> RegisterAsync()
    {
        var id = Fresh.ChargePointId();
        await ApiAssert.JsonAsync(await Host.Api.PostAsJsonAsync("/api/charge-points", new { id, password = Password }), HttpStatusCode.Created);
        return id;
    }

    private async Task<JsonElement> SecurityAsync(string id) =>
        (await ApiAssert.JsonAsync(await Host.Api.GetAsync($"/api/charge-points/{id}"), HttpStatusCode.OK)).GetProperty("security");
}
