using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OrleansCsms.Testing;

/// <summary>
/// Keys and PKCS#10 certificate signing requests (PEM) made fresh in each test, as a charge point makes them for
/// SignCertificate; and certificate authorities (self-signed, CA:TRUE) for the other end of the exchange.
/// </summary>
public static class CertificateSigningRequests
{
    /// <summary>A CSR for a new RSA key of <paramref name="keySize"/> bits, subject CN (and O when given).</summary>
    public static (string Pem, RSA Key) Rsa(string commonName, int keySize = 2048, string? organization = "Test CPO")
    {
        var key = System.Security.Cryptography.RSA.Create(keySize);
        var request = new CertificateRequest(Subject(commonName, organization), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return (request.CreateSigningRequestPem(), key);
    }

    /// <summary>A CSR for a new EC key on <paramref name="curve"/> (P-256 when none), subject CN (and O when given).</summary>
    public static (string Pem, ECDsa Key) Ec(string commonName, ECCurve? curve = null, string? organization = "Test CPO")
    {
        var key = ECDsa.Create(curve ?? ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(Subject(commonName, organization), key, HashAlgorithmName.SHA256);
        return (request.CreateSigningRequestPem(), key);
    }

    /// <summary>A CSR whose signature does not verify: one bit of its signature flipped.</summary>
    public static string WithBrokenSignature(string pem)
    {
        var der = Convert.FromBase64String(pem[PemEncoding.Find(pem).Base64Data]);

        // The signature is the last element of the request: its final byte is part of it.
        der[^1] ^= 0x01;
        return new string(PemEncoding.Write("CERTIFICATE REQUEST", der));
    }

    /// <summary>A self-signed CA certificate with its key: a root as InstallCertificate installs, or a CA that signs.</summary>
    public static X509Certificate2 CertificateAuthority(string commonName, bool ec = false)
    {
        var subject = new X500DistinguishedName($"CN={commonName}, O=Test CPO");
        using AsymmetricAlgorithm key = ec ? ECDsa.Create(ECCurve.NamedCurves.nistP256) : System.Security.Cryptography.RSA.Create(2048);
        var request = key is ECDsa ecdsa
            ? new CertificateRequest(subject, ecdsa, HashAlgorithmName.SHA256)
            : new CertificateRequest(subject, (RSA)key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(5));
    }

    private static X500DistinguishedName Subject(string commonName, string? organization)
    {
        var subject = new X500DistinguishedNameBuilder();
        if (organization is not null)
        {
            subject.AddOrganizationName(organization);
        }

        subject.AddCommonName(commonName);
        return subject.Build();
    }
}
