using System.Net;
using System.Net.Http.Json;
using System.Net.Security;
using System.Net.WebSockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using OrleansCsms.Tests.Conformance.V16;
using OrleansCsms.Tests.Infrastructure;
using static OrleansCsms.Tests.Conformance.V201.OcttStation;

namespace OrleansCsms.Tests.Conformance.V201;

/// <summary>
/// OCTT 2.0.1 block A (security), CSMS side, on the host with TLS endpoints: Basic authentication (profiles 1 and 2),
/// TLS with server and client certificates (profiles 2 and 3), the CSMS rotating a station's Basic auth password
/// (SetVariables SecurityCtrlr.BasicAuthPassword) and raising its security profile (SetNetworkProfile). Stations connect
/// over real ws and wss sockets; the operator works through /api/charge-points/{id}.
/// </summary>
[Collection(TlsCollection.Name)]
public sealed class SecurityTestCases(TlsHostFixture fixture)
{
    private const string Password = "initial-password-0201";

    private CsmsHost Host => fixture.Host;

    private ChargePointTls Tls => new(fixture.Certificates);

    private OcttOperator Operator => new(Host);

    [Fact]
    public async Task TC_A_01_CSMS_Basic_authentication_with_a_valid_username_and_password_is_upgraded_and_booted()
    {
        var id = await RegisterAsync();

        await using var station = await TestChargePoint.ConnectV201Async(Host.OcppUri(id), id, Password);

        await new OcttStation(station).BootAsync();
        station.AssertAllServerFramesValid();
    }

    [Fact]
    public async Task TC_A_02_CSMS_Basic_authentication_with_a_username_other_than_the_station_id_is_refused_with_401()
    {
        var id = await RegisterAsync();
        var other = await RegisterAsync();

        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.AddSubProtocol("ocpp2.0.1");
        socket.Options.SetRequestHeader("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{other}:{Password}")));
        var refused = await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(Host.OcppUri(id), CancellationToken.None));

        Assert.True(socket.HttpStatusCode == HttpStatusCode.Unauthorized,
            $"Expected the upgrade of {id} with the username {other} to be refused with 401, but it ended {(int)socket.HttpStatusCode}: {refused.Message}");
    }

    [Fact]
    public async Task TC_A_03_CSMS_Basic_authentication_without_credentials_or_with_a_wrong_password_is_refused_with_401()
    {
        var id = await RegisterAsync();
        var wrongPassword = RandomPassword(Random.Shared.Next(16, 41));

        var withoutCredentials = await TestChargePoint.RefusalV201Async(Host.OcppUri(id), id, password: null);
        var withWrongPassword = await TestChargePoint.RefusalV201Async(Host.OcppUri(id), id, wrongPassword);

        Assert.Equal(HttpStatusCode.Unauthorized, withoutCredentials);
        Assert.Equal(HttpStatusCode.Unauthorized, withWrongPassword);
    }

    [Fact]
    public async Task TC_A_04_CSMS_TLS_with_a_valid_server_certificate_then_a_profile_2_boot()
    {
        // The host's certificate is EC, so the ECDHE-ECDSA suites are checked here; the RSA suites need an RSA
        // certificate and are checked against a host of their own in TC_086 of OCPP 1.6, the same endpoint code.
        foreach (var suite in new[] { TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 })
        {
            var handshake = await TlsProbe.HandshakeAsync(Host.WssUri("probe"), fixture.Certificates, SslProtocols.Tls12, suite);

            Assert.True(handshake.Succeeded && handshake.Protocol == SslProtocols.Tls12 && (!OperatingSystem.IsLinux() || handshake.CipherSuite == suite),
                $"Expected a TLS 1.2 handshake with {suite}, but it ended {handshake}.");
            AssertServerCertificate(handshake.ServerCertificate!);
        }

        var id = await RegisterAsync();
        await using var station = await TestChargePoint.ConnectV201Async(Host.WssUri(id), id, Password, Tls);
        await new OcttStation(station).BootAsync();
        await AssertConnectionProfileAsync(id, 2);
        station.AssertAllServerFramesValid();
    }

    [Fact]
    public async Task TC_A_06_CSMS_TLS_below_version_1_2_is_aborted_and_TLS_1_2_boots()
    {
#pragma warning disable SYSLIB0039, CA5397 // TLS 1.0 and 1.1 are offered on purpose: the server must refuse them.
        var tls11 = await TlsProbe.HandshakeAsync(Host.WssUri("probe"), fixture.Certificates, SslProtocols.Tls11 | SslProtocols.Tls);
#pragma warning restore SYSLIB0039, CA5397
        Assert.False(tls11.Succeeded, $"Expected TLS 1.0 and 1.1 to be refused, but the handshake agreed on {tls11.Protocol} with {tls11.CipherSuite}.");

        var id = await RegisterAsync();
        var tls12 = await TlsProbe.HandshakeAsync(Host.WssUri(id), fixture.Certificates, SslProtocols.Tls12);
        await using var station = await TestChargePoint.ConnectV201Async(Host.WssUri(id), id, Password, Tls);

        Assert.True(tls12.Succeeded && tls12.Protocol == SslProtocols.Tls12, $"Expected a TLS 1.2 handshake, but it ended {tls12}.");
        await new OcttStation(station).BootAsync();
    }

    [Fact]
    public async Task TC_A_07_CSMS_TLS_with_a_valid_client_certificate_needs_no_Basic_authentication()
    {
        var id = await RegisterAsync();
        using var certificate = fixture.Certificates.IssueClient(id);

        var handshake = await TlsProbe.HandshakeAsync(Host.MutualTlsUri(id), fixture.Certificates, SslProtocols.Tls12, clientCertificate: certificate);
        await using var station = await TestChargePoint.ConnectV201Async(Host.MutualTlsUri(id), id, password: null, Tls with { ClientCertificate = certificate });

        Assert.True(handshake.Succeeded && handshake.CipherSuite?.ToString().Contains("_GCM_", StringComparison.Ordinal) == true,
            $"Expected a TLS 1.2 handshake with an AES-GCM suite and the client certificate, but it ended {handshake}.");
        AssertServerCertificate(handshake.ServerCertificate!);
        await new OcttStation(station).BootAsync();
        await AssertConnectionProfileAsync(id, 3);
        station.AssertAllServerFramesValid();
    }

    [Fact]
    public async Task TC_A_08_CSMS_TLS_with_an_invalid_client_certificate_is_terminated_and_a_valid_one_boots()
    {
        var id = await RegisterAsync();
        using var unknownAuthority = TestCertificates.NewAuthority("Unknown Station CA");
        using var unknownIssuer = TestCertificates.IssueClient(unknownAuthority, id);
        using var expired = fixture.Certificates.IssueClient(id, notAfter: DateTimeOffset.UtcNow.AddMinutes(-1));
        using var valid = fixture.Certificates.IssueClient(id);

        foreach (var (what, certificate) in new[] { ("from an unknown issuer", unknownIssuer), ("expired", expired) })
        {
            var refused = await TestChargePoint.RefusalV201Async(Host.MutualTlsUri(id), id, tls: Tls with { ClientCertificate = certificate });
            Assert.True(refused != HttpStatusCode.SwitchingProtocols, $"Expected the connection with a client certificate {what} to be terminated, but it ended {(int)refused}.");
        }

        await using var station = await TestChargePoint.ConnectV201Async(Host.MutualTlsUri(id), id, tls: Tls with { ClientCertificate = valid });
        await new OcttStation(station).BootAsync();
    }

    [Fact]
    public async Task TC_A_09_CSMS_A_new_Basic_auth_password_the_station_accepts_is_its_password_from_then_on()
    {
        var id = await RegisterAsync();
        string password;
        await using (var station = await TestChargePoint.ConnectV201Async(Host.OcppUri(id), id, Password))
        {
            await new OcttStation(station).BootAsync();
            station.OnServerCall = (action, payload) => SetVariablesAnswer(action, payload, "Accepted");

            var rotation = await Operator.PostAsync($"/api/charge-points/{id}/authorization-key", new { });

            AssertField(rotation, "status", "Accepted", "the password rotation reported to the operator");
            Assert.True(rotation.GetProperty("applied").GetBoolean(), $"Expected the accepted password to be applied: {rotation}");
            password = SentPassword(station);
            Assert.True(password.Length is >= 16 and <= 40 && password.All(char.IsAsciiLetterOrDigit),
                $"Expected a passwordString of 16 to 40 characters, but the CSMS sent '{password}'.");
            station.AssertAllServerFramesValid();
        }

        await using var reconnected = await TestChargePoint.ConnectV201Async(Host.OcppUri(id), id, password);
        await new OcttStation(reconnected).BootAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, await TestChargePoint.RefusalV201Async(Host.OcppUri(id), id, Password));
    }

    [Fact]
    public async Task TC_A_10_CSMS_A_new_Basic_auth_password_the_station_rejects_leaves_the_old_one()
    {
        var id = await RegisterAsync();
        string password;
        await using (var station = await TestChargePoint.ConnectV201Async(Host.OcppUri(id), id, Password))
        {
            await new OcttStation(station).BootAsync();
            station.OnServerCall = (action, payload) => SetVariablesAnswer(action, payload, "Rejected");

            var response = await Host.Api.PostAsJsonAsync($"/api/charge-points/{id}/authorization-key", new { });

            var rotation = await response.Content.ReadFromJsonAsync<JsonElement>();
            AssertField(rotation, "status", "Rejected", "the password rotation reported to the operator");
            Assert.False(rotation.GetProperty("applied").GetBoolean(), $"Expected the rejected password not to be applied: {rotation}");
            password = SentPassword(station);
        }

        await using var reconnected = await TestChargePoint.ConnectV201Async(Host.OcppUri(id), id, Password);
        await new OcttStation(reconnected).BootAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, await TestChargePoint.RefusalV201Async(Host.OcppUri(id), id, password));
    }

    [Fact]
    public async Task TC_A_19_CSMS_Upgrade_the_security_profile_through_a_network_profile_then_the_old_profile_is_refused()
    {
        var id = await RegisterAsync();
        var csmsUrl = new Uri(Host.WssUri(id), "./").ToString().TrimEnd('/');
        await using (var onProfile1 = await TestChargePoint.ConnectV201Async(Host.OcppUri(id), id, Password))
        {
            await new OcttStation(onProfile1).BootAsync();
            onProfile1.OnServerCall = (action, payload) => action == "SetVariables"
                ? SetVariablesAnswer(action, payload, "Accepted")
                : ServerCallAnswer.Result(new { status = "Accepted" });

            var upgrade = await Operator.PostAsync($"/api/charge-points/{id}/security-profile", new { profile = 2, configurationSlot = 2, ocppCsmsUrl = csmsUrl });

            AssertField(upgrade, "status", "Accepted", "the security profile upgrade");
            var network = onProfile1.ServerCalls.Single(c => c.Action == "SetNetworkProfile").Payload;
            var connection = network.GetProperty("connectionData");
            Assert.True(network.GetProperty("configurationSlot").GetInt32() == 2 && connection.GetProperty("securityProfile").GetInt32() == 2
                    && connection.GetProperty("ocppVersion").GetString() == "OCPP20" && connection.GetProperty("ocppTransport").GetString() == "JSON"
                    && connection.GetProperty("ocppCsmsUrl").GetString() == csmsUrl,
                $"Expected SetNetworkProfile of slot 2 with security profile 2, OCPP20 over JSON to {csmsUrl}, but it was {network}.");
            var priority = onProfile1.ServerCalls.Single(c => c.Action == "SetVariables").Payload.GetProperty("setVariableData")[0];
            Assert.True(priority.GetProperty("component").GetProperty("name").GetString() == "OCPPCommCtrlr"
                    && priority.GetProperty("variable").GetProperty("name").GetString() == "NetworkConfigurationPriority"
                    && priority.GetProperty("attributeValue").GetString()!.Split(',').Contains("2"),
                $"Expected SetVariables OCPPCommCtrlr.NetworkConfigurationPriority naming slot 2, but it was {priority}.");
            var reset = await Operator.PostAsync($"/api/charge-points/{id}/reset", new { type = "Immediate" });
            AssertField(reset, "status", "Accepted", "Reset");
            onProfile1.AssertAllServerFramesValid();
        }

        await using (var onProfile2 = await TestChargePoint.ConnectV201Async(Host.WssUri(id), id, Password, Tls))
        {
            await new OcttStation(onProfile2).BootAsync();
            await AssertConnectionProfileAsync(id, 2);
        }

        Assert.Equal(HttpStatusCode.Forbidden, await TestChargePoint.RefusalV201Async(Host.OcppUri(id), id, Password));
        await using var again = await TestChargePoint.ConnectV201Async(Host.WssUri(id), id, Password, Tls);
        await again.CallAsync("Heartbeat", new { });
    }

    private static string RandomPassword(int length) =>
        new string(RandomNumberGenerator.GetItems<char>("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", length));

    /// <summary>The answer of a station to a SetVariables of one variable: <paramref name="status"/> for it.</summary>
    private static ServerCallAnswer SetVariablesAnswer(string action, JsonElement payload, string status)
    {
        if (action != "SetVariables")
        {
            return ServerCallAnswer.Result(new { status = "Accepted" });
        }

        var data = payload.GetProperty("setVariableData")[0];
        return ServerCallAnswer.Result(new
        {
            setVariableResult = new[]
            {
                new
                {
                    attributeStatus = status,
                    component = new { name = data.GetProperty("component").GetProperty("name").GetString() },
                    variable = new { name = data.GetProperty("variable").GetProperty("name").GetString() },
                },
            },
        });
    }

    /// <summary>The password of the one SetVariables the station was sent, which must name SecurityCtrlr.BasicAuthPassword.</summary>
    private static string SentPassword(TestChargePoint station)
    {
        var sent = station.ServerCalls.Single(c => c.Action == "SetVariables").Payload.GetProperty("setVariableData");
        Assert.True(sent.GetArrayLength() == 1
                && sent[0].GetProperty("component").GetProperty("name").GetString() == "SecurityCtrlr"
                && sent[0].GetProperty("variable").GetProperty("name").GetString() == "BasicAuthPassword",
            $"Expected one SetVariables of SecurityCtrlr.BasicAuthPassword, but it was {sent}.");
        return sent[0].GetProperty("attributeValue").GetString()!;
    }

    /// <summary>What the tool checks of the certificate: a serial number, a key of RSA 2048 or EC 224 bits or more, and the host name as subject CN.</summary>
    private static void AssertServerCertificate(X509Certificate2 certificate)
    {
        var bits = certificate.GetRSAPublicKey()?.KeySize ?? certificate.GetECDsaPublicKey()?.KeySize ?? 0;
        var minimum = certificate.GetRSAPublicKey() is not null ? 2048 : 224;
        Assert.True(certificate.SerialNumberBytes.Length > 0, $"Expected the server certificate {certificate.Subject} to carry a serial number.");
        Assert.True(bits >= minimum, $"Expected the server certificate's key to have at least {minimum} bits, but it has {bits}.");
        Assert.True(certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false) == "localhost",
            $"Expected the server certificate's subject CN to be the host name the station connects to (localhost), but it is {certificate.Subject}.");
    }

    private async Task AssertConnectionProfileAsync(string id, int profile)
    {
        var security = (await Operator.GetAsync($"/api/charge-points/{id}")).GetProperty("security");
        Assert.True(security.GetProperty("connectionProfile").GetInt32() == profile,
            $"Expected the connection of {id} recorded on security profile {profile}, but its security is {security}.");
    }

    private async Task<string> RegisterAsync()
    {
        var id = Fresh.ChargePointId();
        var created = await Host.Api.PostAsJsonAsync("/api/charge-points", new { id, password = Password });
        Assert.True(created.StatusCode == HttpStatusCode.Created, $"Expected station {id} to be registered, but: {await created.Content.ReadAsStringAsync()}");
        return id;
    }
}
