using System.Security.Cryptography.X509Certificates;

namespace OrleansCsms.Tests.Conformance.V16;

/// <summary>
/// A host of its own whose certificate authority is configured (Certificates:*): an EC P-256 CA made for the run,
/// written as PEM files that the host loads, signing with SHA-384 as configured. Charge point CSRs are signed at once.
/// Its wss endpoints trust the bundle of <see cref="TestCertificates"/> for first certificates, and the CA for issued ones.
/// </summary>
public sealed class CertificateAuthorityHostFixture : IAsyncLifetime
{
    /// <summary>The signature hash the host is configured with, and the signature algorithm it gives issued certificates.</summary>
    public const string SignatureHash = "SHA384";
    public const string EcdsaWithSha384 = "1.2.840.10045.4.3.3";

    private readonly string _directory = Directory.CreateTempSubdirectory("csms-ca-").FullName;
    private CsmsHost? _host;

    public CsmsHost Host => _host ?? throw new InvalidOperationException("The host has not started.");

    /// <summary>The CA certificate (public part): the trust anchor of the certificates the host issues.</summary>
    public X509Certificate2 CaCertificate { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        using var ca = CertificateSigningRequests.CertificateAuthority("Test Charge Point CA", ec: true);
        CaCertificate = X509CertificateLoader.LoadCertificate(ca.RawData);
        var certificatePath = Path.Combine(_directory, "ca.pem");
        var keyPath = Path.Combine(_directory, "ca.key");
        await File.WriteAllTextAsync(certificatePath, ca.ExportCertificatePem());
        using var key = ca.GetECDsaPrivateKey()!;
        await File.WriteAllTextAsync(keyPath, key.ExportPkcs8PrivateKeyPem());

        // With wss endpoints too: a charge point on security profile 3 reconnects with the certificate it was issued.
        _host = await CsmsHost.StartWithTlsAsync(TestCertificates.Create(), new Dictionary<string, string?>
        {
            ["Certificates:CaCertificatePath"] = certificatePath,
            ["Certificates:CaKeyPath"] = keyPath,
            ["Certificates:SignatureHash"] = SignatureHash,
            ["Certificates:ValidityDays"] = "30",
        });
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        CaCertificate?.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
