using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using OrleansCsms.Grains;

namespace OrleansCsms.Tests.Grains;

/// <summary>The CSMS's certificate authority signs with the algorithm its key type calls for, or the one configured, and refuses unusable files at start.</summary>
public sealed class ChargePointCertificateAuthorityTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("csms-ca-").FullName;

    public static TheoryData<bool, string?, string> Algorithms => new()
    {
        { false, null, "1.2.840.113549.1.1.11" }, // RSA CA: sha256WithRSAEncryption
        { false, "SHA512", "1.2.840.113549.1.1.13" }, // sha512WithRSAEncryption, as configured
        { true, null, "1.2.840.10045.4.3.2" }, // P-256 CA: ecdsa-with-SHA256
    };

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void A_CSR_is_signed_for_client_authentication_with_the_CAs_algorithm(bool ecCa, string? signatureHash, string expectedAlgorithm)
    {
        var authority = Authority(ecCa, signatureHash, organization: "Configured CPO");
        var (csr, key) = CertificateSigningRequests.Rsa("SN-42", organization: "CSR Org");
        using var _ = key;

        var (chain, leaf) = authority.Sign(SigningRequestCheck.Check(csr).Request!);

        Assert.True(leaf.SignatureAlgorithm.Value == expectedAlgorithm, $"Expected signature algorithm {expectedAlgorithm}, but it is {leaf.SignatureAlgorithm.Value}.");
        Assert.True(
            SigningRequestCheck.Attribute(leaf.SubjectName, "2.5.4.3") == "SN-42" && SigningRequestCheck.Attribute(leaf.SubjectName, "2.5.4.10") == "Configured CPO",
            $"Expected the CSR's CN and the configured O, but the subject is {leaf.Subject}.");
        var eku = leaf.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single();
        Assert.True(eku.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Any(o => o.Value == "1.3.6.1.5.5.7.3.2"), "Expected the client authentication EKU.");
        Assert.True((leaf.NotAfter - leaf.NotBefore).TotalDays is > 29 and < 31, $"Expected a validity of the configured 30 days, but it runs {leaf.NotBefore:O} to {leaf.NotAfter:O}.");
        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPem(chain);
        Assert.True(certificates.Count == 2 && certificates[1].Thumbprint == authority.Certificate!.Thumbprint, "Expected the chain to be the new certificate, then the CA's.");
    }

    [Fact]
    public void A_CA_file_that_is_not_a_CA_certificate_fails_validation_at_start()
    {
        using var key = System.Security.Cryptography.RSA.Create(2048);
        var request = new CertificateRequest("CN=Not a CA", key, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        using var notCa = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddYears(1));
        var options = Write(notCa, key.ExportPkcs8PrivateKeyPem());

        var result = new CertificateAuthorityOptionsValidation().Validate(null, options);

        Assert.True(result.Failed && result.FailureMessage.Contains("not a CA certificate", StringComparison.Ordinal), $"Expected a failure naming the file as no CA, but got {result.FailureMessage}.");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private ChargePointCertificateAuthority Authority(bool ecCa, string? signatureHash, string organization)
    {
        using var ca = CertificateSigningRequests.CertificateAuthority("Unit CA", ec: ecCa);
        var keyPem = ecCa ? ca.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem() : ca.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem();
        var options = Write(ca, keyPem);
        options.SignatureHash = signatureHash;
        options.Organization = organization;
        options.ValidityDays = 30;
        Assert.True(new CertificateAuthorityOptionsValidation().Validate(null, options).Succeeded, "Expected the CA files to pass validation.");
        return new ChargePointCertificateAuthority(Options.Create(options), grains: null!, TimeProvider.System);
    }

    private CertificateAuthorityOptions Write(X509Certificate2 certificate, string keyPem)
    {
        var name = Guid.NewGuid().ToString("N");
        var certificatePath = Path.Combine(_directory, $"{name}.pem");
        var keyPath = Path.Combine(_directory, $"{name}.key");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, keyPem);
        return new CertificateAuthorityOptions { CaCertificatePath = certificatePath, CaKeyPath = keyPath };
    }
}
