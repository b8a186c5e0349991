using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OrleansCsms.Testing;

/// <summary>
/// Certificates made for one test run, never checked in: a certificate authority, a server certificate it signs for
/// CN=localhost with the names localhost and 127.0.0.1 (RSA 2048 or EC P-256), and client certificates it signs. The
/// files a host reads are written to a temporary folder, deleted on dispose.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("csms-tls-");

    private TestCertificates(X509Certificate2 authority, X509Certificate2 server, bool rsaServer)
    {
        Authority = authority;
        Server = server;
        RsaServer = rsaServer;
        AuthorityPath = Write("ca.pem", authority.ExportCertificatePem());
        ServerCertificatePath = Write("server.pem", server.ExportCertificatePem());
        AsymmetricAlgorithm key = rsaServer ? server.GetRSAPrivateKey()! : server.GetECDsaPrivateKey()!;
        ServerKeyPath = Write("server.key", key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>The authority that signs the server and client certificates (with its private key).</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>The server certificate (with its private key).</summary>
    public X509Certificate2 Server { get; }

    public bool RsaServer { get; }

    /// <summary>The authority's certificate, PEM: the client CA bundle of a host.</summary>
    public string AuthorityPath { get; }

    public string ServerCertificatePath { get; }

    public string ServerKeyPath { get; }

    /// <summary>Makes an authority and a server certificate: EC P-256 unless <paramref name="rsaServer"/> (RSA 2048).</summary>
    public static TestCertificates Create(bool rsaServer = false, string authorityName = "CSMS Test CA")
    {
        var authority = NewAuthority(authorityName);
        using var serverKey = NewKey(rsaServer);
        var request = Request("CN=localhost", serverKey);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ServerAuthentication], false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        return new TestCertificates(authority, Sign(request, authority, serverKey, DateTimeOffset.UtcNow.AddDays(1)), rsaServer);
    }

    /// <summary>A client certificate for charge point <paramref name="commonName"/> signed by this authority, valid until <paramref name="notAfter"/> (a day by default).</summary>
    public X509Certificate2 IssueClient(string commonName, bool rsa = false, DateTimeOffset? notAfter = null) => IssueClient(Authority, commonName, rsa, notAfter);

    /// <summary>A client certificate signed by <paramref name="authority"/>.</summary>
    public static X509Certificate2 IssueClient(X509Certificate2 authority, string commonName, bool rsa = false, DateTimeOffset? notAfter = null)
    {
        using var key = NewKey(rsa);
        var request = Request($"CN={commonName}", key);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ClientAuthentication], false));
        return Sign(request, authority, key, notAfter ?? DateTimeOffset.UtcNow.AddDays(1));
    }

    /// <summary>A self-signed authority of its own, which no host trusts.</summary>
    public static X509Certificate2 NewAuthority(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-7), DateTimeOffset.UtcNow.AddYears(1));
    }

    /// <summary>Checks the server's certificate the way a charge point configured with this authority does: it must chain to it and name the host.</summary>
    public bool TrustServer(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        custom.ChainPolicy.CustomTrustStore.Add(Authority);
        return custom.Build(new X509Certificate2(certificate));
    }

    public void Dispose()
    {
        _folder.Delete(recursive: true);
        Authority.Dispose();
        Server.Dispose();
    }

    private string Write(string name, string pem)
    {
        var path = Path.Combine(_folder.FullName, name);
        File.WriteAllText(path, pem);
        return path;
    }

    private static AsymmetricAlgorithm NewKey(bool rsa) => rsa ? RSA.Create(2048) : ECDsa.Create(ECCurve.NamedCurves.nistP256);

    private static CertificateRequest Request(string subject, AsymmetricAlgorithm key) => key switch
    {
        RSA rsa => new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
        ECDsa ec => new CertificateRequest(subject, ec, HashAlgorithmName.SHA256),
        _ => throw new ArgumentOutOfRangeException(nameof(key)),
    };

    private static X509Certificate2 Sign(CertificateRequest request, X509Certificate2 authority, AsymmetricAlgorithm key, DateTimeOffset notAfter)
    {
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        var notBefore = notAfter < DateTimeOffset.UtcNow ? notAfter.AddDays(-1) : DateTimeOffset.UtcNow.AddMinutes(-5);
        var signer = authority.GetECDsaPrivateKey() is { } authorityKey
            ? X509SignatureGenerator.CreateForECDsa(authorityKey)
            : X509SignatureGenerator.CreateForRSA(authority.GetRSAPrivateKey()!, RSASignaturePadding.Pkcs1);
        using var issued = request.Create(authority.SubjectName, signer, notBefore, notAfter, serial);
        var withKey = key switch
        {
            RSA rsa => issued.CopyWithPrivateKey(rsa),
            ECDsa ec => issued.CopyWithPrivateKey(ec),
            _ => throw new ArgumentOutOfRangeException(nameof(key)),
        };

        // A certificate whose key lives only in memory is not usable as a TLS client certificate everywhere; PKCS#12 is.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }
}
