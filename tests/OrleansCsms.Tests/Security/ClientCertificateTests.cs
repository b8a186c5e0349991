using System.Net;
using System.Net.Http.Json;
using OrleansCsms.Tests.Api;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Security;

/// <summary>The wss endpoint of security profile 3 admits only client certificates of a trusted authority, valid now.</summary>
[Collection(TlsCollection.Name)]
public sealed class ClientCertificateTests(TlsHostFixture fixture)
{
    private CsmsHost Host => fixture.Host;

    [Fact]
    public async Task A_certificate_of_an_authority_the_csms_does_not_trust_is_refused_at_the_tls_handshake()
    {
        var id = await RegisterAsync();
        using var stranger = TestCertificates.NewAuthority("Someone Else's CA");
        using var certificate = TestCertificates.IssueClient(stranger, id);

        var status = await TestChargePoint.RefusalAsync(Host.MutualTlsUri(id), id, tls: new ChargePointTls(fixture.Certificates, certificate));

        Assert.True(status == 0, $"Expected no HTTP answer at all (the TLS handshake refused), but the CSMS answered {(int)status}.");
    }

    [Fact]
    public async Task An_expired_certificate_is_refused()
    {
        var id = await RegisterAsync();
        using var certificate = fixture.Certificates.IssueClient(id, notAfter: DateTimeOffset.UtcNow.AddHours(-1));

        var status = await TestChargePoint.RefusalAsync(Host.MutualTlsUri(id), id, tls: new ChargePointTls(fixture.Certificates, certificate));

        Assert.True(status == 0, $"Expected the TLS handshake to refuse an expired certificate, but the CSMS answered {(int)status}.");
    }

    [Fact]
    public async Task The_client_certificate_endpoint_refuses_a_charge_point_without_one()
    {
        var id = await RegisterAsync();

        var status = await TestChargePoint.RefusalAsync(Host.MutualTlsUri(id), id, "initial-password-0001", new ChargePointTls(fixture.Certificates));

        Assert.True(status == 0, $"Expected the TLS handshake to refuse a charge point without a client certificate, but the CSMS answered {(int)status}.");
    }

    [Fact]
    public async Task An_RSA_certificate_whose_CN_is_another_identity_admits_when_the_CN_need_not_match()
    {
        var id = await RegisterAsync();
        using var certificate = fixture.Certificates.IssueClient("some-other-name", rsa: true);

        await using var chargePoint = await TestChargePoint.ConnectAsync(Host.MutualTlsUri(id), id, tls: new ChargePointTls(fixture.Certificates, certificate));

        await chargePoint.CallAsync("Heartbeat", new { });
    }

    private async Task<string> RegisterAsync()
    {
        var id = Fresh.ChargePointId();
        await ApiAssert.JsonAsync(await Host.Api.PostAsJsonAsync("/api/charge-points", new { id, password = "initial-password-0001" }), HttpStatusCode.Created);
        return id;
    }
}
