using System.Net;
using System.Net.Http.Json;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Conformance.V16;

/// <summary>
/// The CSMS test cases of the OCPP 1.6 security whitepaper's profiles 1-3 in the OCA compliance tool, one test each,
/// named by id (docs/conformance/ocpp16-csms-test-cases.md): a charge point over real ws and wss connections, with
/// certificates made for the run, and the operator's steps through the REST API.
/// </summary>
[Collection(TlsCollection.Name)]
public sealed class SecurityProfileTestCases(TlsHostFixture fixture)
{
    private const string Password = "initial-password-0001";

    private CsmsHost Host => fixture.Host;

    private ChargePointTls Tls => new(fixture.Certificates);

    [Fact]
    public async Task TC_073_CSMS_Update_the_charge_point_password_for_HTTP_Basic_authentication()
    {
        var id = await RegisterAsync(Password);
        string key;
        await using (var chargePoint = await TestChargePoint.ConnectAsync(Host.OcppUri(id), id, Password))
        {
            await OcttChargePoint.BootAsync(chargePoint);

            var rotation = await PostAsync($"/api/charge-points/{id}/authorization-key", new { });

            OcttChargePoint.AssertField(rotation, "status", "Accepted", "the AuthorizationKey rotation");
            Assert.True(rotation.GetProperty("applied").GetBoolean(), $"Expected the accepted key to be applied: {rotation}");
            var sent = OcttChargePoint.SentRequest(chargePoint, "ChangeConfiguration");
            OcttChargePoint.AssertField(sent, "key", "AuthorizationKey", "ChangeConfiguration");
            key = sent.GetProperty("value").GetString()!;
            Assert.True(key.Length is >= 32 and <= 40 && key.Length % 2 == 0 && key.All(char.IsAsciiHexDigit),
                $"Expected the AuthorizationKey to be 16-20 bytes as at most 40 hexadecimal characters, but it was '{key}'.");
            chargePoint.AssertAllServerFramesValid();
        }

        await using var reconnected = await TestChargePoint.ConnectAsync(Host.OcppUri(id), id, key);
        await OcttChargePoint.BootAsync(reconnected);
        Assert.Equal(HttpStatusCode.Unauthorized, await TestChargePoint.RefusalAsync(Host.OcppUri(id), id, Password));
    }

    [Fact]
    public async Task TC_083_CSMS_Upgrade_the_charge_point_security_profile_then_the_old_profile_is_refused()
    {
        var id = await RegisterAsync(Password);
        await using (var onProfile1 = await TestChargePoint.ConnectAsync(Host.OcppUri(id), id, Password))
        {
            await OcttChargePoint.BootAsync(onProfile1);

            var upgrade = await PostAsync($"/api/charge-points/{id}/security-profile", new { profile = 2 });
            OcttChargePoint.AssertField(upgrade, "status", "Accepted", "the SecurityProfile upgrade");
            var sent = OcttChargePoint.SentRequest(onProfile1, "ChangeConfiguration");
            Assert.True(sent.GetProperty("key").GetString() == "SecurityProfile" && sent.GetProperty("value").GetString() == "2",
                $"Expected ChangeConfiguration SecurityProfile = 2, but it was {sent}.");
            var reset = await PostAsync($"/api/charge-points/{id}/reset", new { type = "Hard" });
            OcttChargePoint.AssertField(reset, "status", "Accepted", "Reset Hard");
            onProfile1.AssertAllServerFramesValid();
        }

        await using (var onProfile2 = await TestChargePoint.ConnectAsync(Host.WssUri(id), id, Password, Tls))
        {
            await OcttChargePoint.BootAsync(onProfile2);
            var security = (await GetAsync($"/api/charge-points/{id}")).GetProperty("security");
            Assert.True(security.GetProperty("connectionProfile").GetInt32() == 2 && security.GetProperty("minimumProfile").GetInt32() == 2,
                $"Expected the charge point on profile 2 with profile 2 its minimum, but its security is {security}.");
        }

        Assert.Equal(HttpStatusCode.Forbidden, await TestChargePoint.RefusalAsync(Host.OcppUri(id), id, Password));
        await using var again = await TestChargePoint.ConnectAsync(Host.WssUri(id), id, Password, Tls);
        await again.CallAsync("Heartbeat", new { });
    }

    [Fact]
    public async Task TC_085_CSMS_Basic_authentication_without_credentials_is_refused_with_valid_ones_accepted()
    {
        var id = await RegisterAsync(Password);

        var withoutCredentials = await TestChargePoint.RefusalAsync(Host.WssUri(id), id, password: null, Tls);
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host.WssUri(id), id, Password, Tls);

        Assert.Equal(HttpStatusCode.Unauthorized, withoutCredentials);
        await OcttChargePoint.BootAsync(chargePoint);
        chargePoint.AssertAllServerFramesValid();
    }

    [Fact]
    public async Task TC_086_CSMS_TLS_with_a_valid_server_certificate()
    {
        // One certificate per endpoint: the ECDSA suites need an EC certificate, the RSA ones an RSA certificate.
        await using var rsaHost = await CsmsHost.StartWithTlsAsync(TestCertificates.Create(rsaServer: true));
        var suites = new (CsmsHost Host, TlsCipherSuite Suite)[]
        {
            (Host, TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256),
            (Host, TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384),
            (rsaHost, TlsCipherSuite.TLS_RSA_WITH_AES_128_GCM_SHA256),
            (rsaHost, TlsCipherSuite.TLS_RSA_WITH_AES_256_GCM_SHA384),
        };

        foreach (var (host, suite) in suites)
        {
            var handshake = await TlsProbe.HandshakeAsync(host.WssUri("probe"), host.Certificates!, SslProtocols.Tls12, suite);

            Assert.True(handshake.Succeeded && handshake.Protocol == SslProtocols.Tls12 && (!OperatingSystem.IsLinux() || handshake.CipherSuite == suite),
                $"Expected a TLS 1.2 handshake with {suite}, but it ended {handshake}.");
            AssertServerCertificate(handshake.ServerCertificate!);
        }

        var tls13 = await TlsProbe.HandshakeAsync(Host.WssUri("probe"), fixture.Certificates, SslProtocols.Tls13);
        Assert.True(tls13.Succeeded && tls13.Protocol == SslProtocols.Tls13, $"Expected TLS 1.3 to be accepted, but it ended {tls13}.");
#pragma warning disable SYSLIB0039, CA5397 // TLS 1.0 and 1.1 are offered on purpose: the server must refuse them.
        var tls11 = await TlsProbe.HandshakeAsync(Host.WssUri("probe"), fixture.Certificates, SslProtocols.Tls11 | SslProtocols.Tls);
#pragma warning restore SYSLIB0039, CA5397
        Assert.False(tls11.Succeeded, $"Expected TLS 1.0 and 1.1 to be refused, but the handshake agreed on {tls11.Protocol} with {tls11.CipherSuite}.");

        var id = await RegisterAsync(Password);
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host.WssUri(id), id, Password, Tls);
        await OcttChargePoint.BootAsync(chargePoint);
        chargePoint.AssertAllServerFramesValid();
    }

    [Fact]
    public async Task TC_087_CSMS_TLS_with_a_valid_client_certificate_needs_no_Basic_authentication()
    {
        var id = await RegisterAsync(Password);
        using var certificate = fixture.Certificates.IssueClient(id);

        var handshake = await TlsProbe.HandshakeAsync(Host.MutualTlsUri(id), fixture.Certificates, SslProtocols.Tls12, clientCertificate: certificate);
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host.MutualTlsUri(id), id, password: null, Tls with { ClientCertificate = certificate });

        Assert.True(handshake.Succeeded && handshake.CipherSuite?.ToString().Contains("_GCM_", StringComparison.Ordinal) == true,
            $"Expected a TLS 1.2 handshake with an AES-GCM suite and the client certificate, but it ended {handshake}.");
        AssertServerCertificate(handshake.ServerCertificate!);
        await OcttChargePoint.BootAsync(chargePoint);
        var security = (await GetAsync($"/api/charge-points/{id}")).GetProperty("security");
        Assert.True(security.GetProperty("connectionProfile").GetInt32() == 3, $"Expected the connection recorded on profile 3, but the security is {security}.");
        chargePoint.AssertAllServerFramesValid();
    }

    [Fact]
    public async Task TC_088_CSMS_WebSocket_subprotocol_negotiation()
    {
        var id = Fresh.ChargePointId();

        using var unsupported = await RawWebSocket.UpgradeAsync(Host, $"/ocpp/{id}", ["ocpp0.1"]);
        using var negotiated = await RawWebSocket.UpgradeAsync(Host, $"/ocpp/{id}", ["ocpp0.1,ocpp1.6"]);

        Assert.True(unsupported.StatusCode != HttpStatusCode.SwitchingProtocols,
            $"Expected an upgrade offering only ocpp0.1 to be refused, but the CSMS answered {(int)unsupported.StatusCode}.");
        Assert.True(negotiated.StatusCode == HttpStatusCode.SwitchingProtocols
                && negotiated.Headers.TryGetValues("Sec-WebSocket-Protocol", out var chosen) && chosen.SingleOrDefault() == "ocpp1.6",
            $"Expected an upgrade offering ocpp0.1,ocpp1.6 to be upgraded with Sec-WebSocket-Protocol: ocpp1.6, but the answer was {negotiated}.");
    }

    /// <summary>What the tool checks of the certificate: a serial number, a key of RSA 2048 or EC 224 bits or more, and the host name as subject CN.</summary>
    private static void AssertServerCertificate(X509Certificate2 certificate)
    {
        var bits = certificate.GetRSAPublicKey()?.KeySize ?? certificate.GetECDsaPublicKey()?.KeySize ?? 0;
        var minimum = certificate.GetRSAPublicKey() is not null ? 2048 : 224;
        Assert.True(certificate.SerialNumberBytes.Length > 0, $"Expected the server certificate {certificate.Subject} to carry a serial number.");
        Assert.True(bits >= minimum, $"Expected the server certificate's key to have at least {minimum} bits, but it has {bits}.");
        Assert.True(certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false) == "localhost",
            $"Expected the server certificate's subject CN to be the host name the charge point connects to (localhost), but it is {certificate.Subject}.");
    }

    private async Task<string> RegisterAsync(string password)
    {
        var id = Fresh.ChargePointId();
        var created = await Host.Api.PostAsJsonAsync("/api/charge-points", new { id, password });
        Assert.True(created.StatusCode == HttpStatusCode.Created, $"Expected charge point {id} to be registered, but: {await created.Content.ReadAsStringAsync()}");
        return id;
    }

    private async Task<JsonElement> PostAsync(string path, object body) => await new OcttOperator(Host).PostAsync(path, body);

    private async Task<JsonElement> GetAsync(string path) => await new OcttOperator(Host).GetAsync(path);
}
