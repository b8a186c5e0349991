using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrleansCsms.Frontend.Tls;

namespace OrleansCsms.Tests.Security;

/// <summary>The client certificate check of profile 3, alone: its trust comes from every trust source, never the machine's store.</summary>
public sealed class ChargePointCertificateValidatorTests : IDisposable
{
    private readonly TestCertificates _certificates = TestCertificates.Create();
    private readonly X509Certificate2 _secondAuthority = TestCertificates.NewAuthority("Second Test CA");

    [Fact]
    public void A_certificate_of_any_trusted_authority_admits_and_one_of_no_trusted_authority_does_not()
    {
        var validator = Validator(new TlsOptions(), _certificates.Authority, _secondAuthority);
        using var fromFirst = _certificates.IssueClient("CP-1");
        using var fromSecond = TestCertificates.IssueClient(_secondAuthority, "CP-2");
        using var stranger = TestCertificates.NewAuthority("Stranger CA");
        using var fromStranger = TestCertificates.IssueClient(stranger, "CP-3");

        Assert.Null(validator.Problem(fromFirst, "CP-1"));
        Assert.Null(validator.Problem(fromSecond, "CP-2"));
        Assert.Contains("does not chain to a trusted authority", validator.Problem(fromStranger, "CP-3"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_CN_must_equal_the_identity_only_when_configured()
    {
        using var certificate = _certificates.IssueClient("CP-1");
        var lenient = Validator(new TlsOptions(), _certificates.Authority);
        var strict = Validator(new TlsOptions { ClientCertificateCnMustMatchIdentity = true }, _certificates.Authority);

        Assert.Null(lenient.Problem(certificate, "CP-2"));
        Assert.Null(strict.Problem(certificate, "CP-1"));
        Assert.Contains("is not the charge point identity 'CP-2'", strict.Problem(certificate, "CP-2"), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_any_trusted_authority_every_certificate_is_refused_and_says_why()
    {
        using var certificate = _certificates.IssueClient("CP-1");

        Assert.Contains("no client certificate authority is configured", Validator(new TlsOptions()).Problem(certificate, "CP-1"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_server_key_below_what_OCPP_asks_stops_the_endpoint_from_starting()
    {
        using var weak = System.Security.Cryptography.RSA.Create(1024);
        var request = new CertificateRequest("CN=localhost", weak, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var folder = Directory.CreateTempSubdirectory("csms-weak-");
        try
        {
            var certificatePath = Path.Combine(folder.FullName, "weak.pem");
            File.WriteAllText(certificatePath, certificate.ExportCertificatePem() + "\n" + weak.ExportPkcs8PrivateKeyPem());
            var options = new TlsOptions { Url = "https://127.0.0.1:0", CertificatePath = certificatePath };
            var endpoints = new TlsEndpoints(new ConfigurationBuilder().Build(), Options.Create(options), Validator(options), NullLogger<TlsEndpoints>.Instance);

            var refused = Assert.Throws<InvalidOperationException>(() => endpoints.Configure(new KestrelServerOptions()));

            Assert.Contains("1024-bit key", refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    public void Dispose()
    {
        _certificates.Dispose();
        _secondAuthority.Dispose();
    }

    private static ChargePointCertificateValidator Validator(TlsOptions options, params X509Certificate2[] authorities) =>
        new([new FixedTrust([.. authorities])], Options.Create(options), TimeProvider.System);

    /// <summary>A trust source of its own, as the CSMS's signing authority will be one beside the CA bundle.</summary>
    private sealed class FixedTrust(X509Certificate2Collection authorities) : IClientCertificateTrust
    {
        public X509Certificate2Collection Authorities() => authorities;
    }
}
