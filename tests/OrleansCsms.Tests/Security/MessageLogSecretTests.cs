using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansCsms.Tests.Api;
using OrleansCsms.Tests.Conformance.V201;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Security;

/// <summary>
/// The message log, which every operator role may read, never shows a charge point's password or network credentials:
/// they are hidden in the frames as logged, while the charge point itself gets them as sent.
/// </summary>
[Collection(CsmsCollection.Name)]
public sealed class MessageLogSecretTests(CsmsHostFixture fixture)
{
    private const string Password = "initial-password-0042";

    private CsmsHost Host => fixture.Host;

    [Fact]
    public async Task A_new_authorization_key_sent_to_a_1_6_charge_point_is_hidden_in_the_message_log()
    {
        var id = await RegisterAsync();
        const string key = "0F1E2D3C4B5A69788796A5B4C3D2E1F0AABBCCDD";
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host.OcppUri(id), id, Password);

        await ApiAssert.JsonAsync(await Host.Api.PostAsJsonAsync($"/api/charge-points/{id}/authorization-key", new { key }), HttpStatusCode.OK);

        Assert.Equal(key, Assert.Single(chargePoint.ServerCalls).Payload.GetProperty("value").GetString());
        var logged = await LoggedFrameAsync(id, "out", "ChangeConfiguration");
        Assert.True(logged[3].GetProperty("key").GetString() == "AuthorizationKey" && logged[3].GetProperty("value").GetString() == "***",
            $"Expected the logged ChangeConfiguration to name AuthorizationKey with its value hidden, but it is {logged}.");
        await AssertNowhereInLogAsync(id, key);
    }

    [Fact]
    public async Task An_authorization_key_a_1_6_charge_point_reports_in_its_configuration_is_hidden_in_the_message_log()
    {
        var id = await RegisterAsync();
        const string reported = "reported-secret-0001";
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host.OcppUri(id), id, Password);
        chargePoint.OnServerCall = (_, _) => ServerCallAnswer.Result(new
        {
            configurationKey = new object[]
            {
                new { key = "HeartbeatInterval", @readonly = false, value = "300" },
                new { key = "AuthorizationKey", @readonly = false, value = reported },
            },
        });

        var configuration = await Host.Api.GetAsync($"/api/charge-points/{id}/configuration");

        Assert.Equal(HttpStatusCode.OK, configuration.StatusCode);
        var logged = await LoggedFrameAsync(id, "in", "GetConfiguration");
        var keys = logged[2].GetProperty("configurationKey").EnumerateArray().ToDictionary(k => k.GetProperty("key").GetString()!, k => k.GetProperty("value").GetString());
        Assert.True(keys["AuthorizationKey"] == "***" && keys["HeartbeatInterval"] == "300",
            $"Expected only the AuthorizationKey's value hidden in the logged GetConfiguration answer, but it is {logged}.");
        await AssertNowhereInLogAsync(id, reported);
    }

    [Fact]
    public async Task A_new_basic_auth_password_sent_to_a_2_0_1_station_is_hidden_in_the_message_log()
    {
        var id = await RegisterAsync();
        await using var station = await TestChargePoint.ConnectV201Async(Host.OcppUri(id), id, Password);
        await new OcttStation(station).BootAsync();
        station.OnServerCall = (action, payload) => action == "SetVariables"
            ? ServerCallAnswer.Result(new
            {
                setVariableResult = new[]
                {
                    new { attributeStatus = "Accepted", component = new { name = "SecurityCtrlr" }, variable = new { name = "BasicAuthPassword" } },
                },
            })
            : ServerCallAnswer.Result(new { status = "Accepted" });

        await ApiAssert.JsonAsync(await Host.Api.PostAsJsonAsync($"/api/charge-points/{id}/authorization-key", new { }), HttpStatusCode.OK);

        var sent = station.ServerCalls.Single(c => c.Action == "SetVariables").Payload.GetProperty("setVariableData")[0].GetProperty("attributeValue").GetString()!;
        var logged = await LoggedFrameAsync(id, "out", "SetVariables");
        var data = logged[3].GetProperty("setVariableData")[0];
        Assert.True(data.GetProperty("variable").GetProperty("name").GetString() == "BasicAuthPassword" && data.GetProperty("attributeValue").GetString() == "***",
            $"Expected the logged SetVariables to name BasicAuthPassword with its value hidden, but it is {logged}.");
        await AssertNowhereInLogAsync(id, sent);
    }

    [Fact]
    public async Task The_vpn_and_apn_credentials_of_a_network_profile_are_hidden_in_the_message_log()
    {
        var id = await RegisterAsync();
        await using var station = await TestChargePoint.ConnectV201Async(Host.OcppUri(id), id, Password);
        await new OcttStation(station).BootAsync();
        var profile = new
        {
            configurationSlot = 2,
            connectionData = new
            {
                ocppVersion = "OCPP20",
                ocppTransport = "JSON",
                ocppCsmsUrl = "wss://csms.example.com/ocpp",
                messageTimeout = 30,
                securityProfile = 2,
                ocppInterface = "Wireless0",
                vpn = new { server = "vpn.example.com", user = "station", password = "vpn-password-0001", key = "vpn-shared-key-0001", type = "IPSec" },
                apn = new { apn = "internet.example", apnUserName = "station", apnPassword = "apn-password-0001", apnAuthentication = "AUTO" },
            },
        };

        await ApiAssert.JsonAsync(await Host.Api.PostAsJsonAsync($"/api/charge-points/{id}/calls/SetNetworkProfile", profile), HttpStatusCode.OK);

        var sent = station.ServerCalls.Single(c => c.Action == "SetNetworkProfile").Payload.GetProperty("connectionData");
        Assert.Equal("vpn-password-0001", sent.GetProperty("vpn").GetProperty("password").GetString());
        var logged = (await LoggedFrameAsync(id, "out", "SetNetworkProfile"))[3].GetProperty("connectionData");
        Assert.True(logged.GetProperty("vpn").GetProperty("password").GetString() == "***" && logged.GetProperty("vpn").GetProperty("key").GetString() == "***"
                && logged.GetProperty("apn").GetProperty("apnPassword").GetString() == "***" && logged.GetProperty("vpn").GetProperty("user").GetString() == "station",
            $"Expected the VPN password and key and the APN password hidden, the rest as sent, but the logged connection data is {logged}.");
        await AssertNowhereInLogAsync(id, "-0001");
    }

    private async Task<JsonElement> LoggedFrameAsync(string id, string direction, string action)
    {
        var body = await ApiAssert.JsonAsync(await Host.Api.GetAsync($"/api/charge-points/{id}/messages?pageSize=100"), HttpStatusCode.OK);
        var entry = body.GetProperty("items").EnumerateArray()
            .FirstOrDefault(item => item.GetString("direction") == direction && item.GetString("action") == action);
        Assert.True(entry.ValueKind == JsonValueKind.Object, $"Expected a logged {direction} {action} frame for {id}, but the log is {body}.");
        return JsonDocument.Parse(entry.GetString("frame")!).RootElement.Clone();
    }

    private async Task AssertNowhereInLogAsync(string id, string secret)
    {
        var log = await (await Host.Api.GetAsync($"/api/charge-points/{id}/messages?pageSize=100")).Content.ReadAsStringAsync();
        Assert.False(log.Contains(secret, StringComparison.Ordinal), $"Expected the secret '{secret}' nowhere in the message log of {id}, but it is there: {log}");
    }

    private async Task<string> RegisterAsync()
    {
        var id = Fresh.ChargePointId();
        await ApiAssert.JsonAsync(await Host.Api.PostAsJsonAsync("/api/charge-points", new { id, password = Password }), HttpStatusCode.Created);
        return id;
    }
}
