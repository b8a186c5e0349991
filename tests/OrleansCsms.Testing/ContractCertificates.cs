using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OrleansCsms.Testing;

/// <summary>
/// A mobility operator's ISO 15118 PKI made fresh for tests: a root, a sub-CA it issues, contract certificates (leaf,
/// subject the eMAID) the sub-CA issues, and delegated OCSP responder certificates; all EC P-256, as ISO 15118 uses.
/// </summary>
public static class ContractCertificates
{
    public const string OcspSigningOid = "1.3.6.1.5.5.7.3.9";

    /// <summary>A self-signed root CA with its key.</summary>
    public static X509Certificate2 Root(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}, O=Test MO", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddDays(-90), now.AddYears(5));
    }

    /// <summary>A sub-CA issued by <paramref name="issuer"/>, with its key.</summary>
    public static X509Certificate2 SubCa(X509Certificate2 issuer, string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}, O=Test MO", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        return Issue(request, issuer, key, now.AddDays(-60), now.AddYears(2));
    }

    /// <summary>A contract certificate for <paramref name="emaid"/> issued by <paramref name="subCa"/>, valid until <paramref name="notAfter"/> (a year when null).</summary>
    public static X509Certificate2 Contract(X509Certificate2 subCa, string emaid, DateTimeOffset? notAfter = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={emaid}, O=Test MO", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement, true));
        var end = notAfter ?? DateTimeOffset.UtcNow.AddYears(1);
        var start = end.AddDays(-30) < DateTimeOffset.UtcNow.AddHours(-1) ? end.AddDays(-30) : DateTimeOffset.UtcNow.AddHours(-1);
        return Issue(request, subCa, key, start, end);
    }

    /// <summary>A delegated OCSP responder certificate (id-kp-OCSPSigning unless <paramref name="forOcspSigning"/> is false) issued by <paramref name="issuer"/>.</summary>
    public static X509Certificate2 OcspResponder(X509Certificate2 issuer, string name, bool forOcspSigning = true)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}, O=Test MO", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(forOcspSigning ? OcspSigningOid : "1.3.6.1.5.5.7.3.2")], false));
        var now = DateTimeOffset.UtcNow;
        return Issue(request, issuer, key, now.AddDays(-1), now.AddDays(30));
    }

    /// <summary>The leaf and its issuers as one PEM, leaf first: what an Authorize carries for central validation.</summary>
    public static string ChainPem(params X509Certificate2[] chain) => string.Concat(chain.Select(c => c.ExportCertificatePem() + "\n"));

    /// <summary>The OCPP hash data (hex) naming <paramref name="certificate"/> issued by <paramref name="issuer"/>, with SHA-256.</summary>
    public static Dictionary<string, string> HashData(X509Certificate2 certificate, X509Certificate2 issuer, string responderUrl = "http://ocsp.example.com") => new()
    {
        ["hashAlgorithm"] = "SHA256",
        ["issuerNameHash"] = Convert.ToHexStringLower(SHA256.HashData(issuer.SubjectName.RawData)),
        ["issuerKeyHash"] = Convert.ToHexStringLower(SHA256.HashData(issuer.PublicKey.EncodedKeyValue.RawData)),
        ["serialNumber"] = certificate.SerialNumber.TrimStart('0').ToLowerInvariant(),
        ["responderURL"] = responderUrl,
    };

    private static X509Certificate2 Issue(CertificateRequest request, X509Certificate2 issuer, ECDsa key, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var start = notBefore > issuer.NotBefore ? notBefore : new DateTimeOffset(issuer.NotBefore);
        var end = notAfter < issuer.NotAfter ? notAfter : new DateTimeOffset(issuer.NotAfter);
        // A positive serial without a leading zero byte, so that its hex is the same however it is trimmed.
        var serial = RandomNumberGenerator.GetBytes(12);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x10);
        using var issued = request.Create(issuer, start, end, serial);
        return issued.CopyWithPrivateKey(key);
    }
}
