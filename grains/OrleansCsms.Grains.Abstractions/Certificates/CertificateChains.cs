using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OrleansCsms.Grains;

/// <summary>Reads and checks PEM certificates: chains sent with CertificateSigned and certificates sent with InstallCertificate.</summary>
public static class CertificateChains
{
    /// <summary>The most characters OCPP 1.6 allows in CertificateSigned.certificateChain.</summary>
    public const int MaxChainLength = 10_000;

    /// <summary>The most characters OCPP 1.6 allows in InstallCertificate.certificate.</summary>
    public const int MaxCertificateLength = 5_500;

    /// <summary>The certificates of a PEM text, in order; empty when it holds none or one does not parse.</summary>
    public static X509Certificate2Collection Read(string? pem)
    {
        var certificates = new X509Certificate2Collection();
        if (string.IsNullOrWhiteSpace(pem))
        {
            return certificates;
        }

        try
        {
            certificates.ImportFromPem(pem);
        }
        catch (CryptographicException)
        {
            certificates.Clear();
        }

        return certificates;
    }

    /// <summary>Why a chain cannot answer a CSR whose key is <paramref name="subjectPublicKeyInfo"/>, or null when it can.</summary>
    public static string? ChainFailure(string? chain, byte[] subjectPublicKeyInfo, DateTimeOffset now)
    {
        if (chain is null || chain.Length > MaxChainLength)
        {
            return chain is null ? "Required." : $"Must be at most {MaxChainLength} characters, the most CertificateSigned carries.";
        }

        var certificates = Read(chain);
        if (certificates.Count == 0)
        {
            return "Must be one or more PEM certificates (-----BEGIN CERTIFICATE-----), the charge point's own first.";
        }

        var leaf = certificates[0];
        if (!leaf.PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(subjectPublicKeyInfo))
        {
            return "The first certificate's public key is not the key of the signing request.";
        }

        return leaf.NotAfter.ToUniversalTime() <= now.UtcDateTime ? $"The first certificate expired at {leaf.NotAfter.ToUniversalTime():O}." : null;
    }

    /// <summary>Whether a certificate may sign others: a basic constraints extension that says so.</summary>
    public static bool IsCertificateAuthority(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509BasicConstraintsExtension>().Any(c => c.CertificateAuthority);

    /// <summary>The SHA-256 thumbprint, upper-case hex.</summary>
    public static string ThumbprintSha256(X509Certificate2 certificate) => certificate.GetCertHashString(HashAlgorithmName.SHA256);

    /// <summary>The record of a certificate sent to a charge point.</summary>
    public static IssuedCertificate Describe(X509Certificate2 leaf, string source, int requestId, DateTimeOffset sentAt) => new(
        leaf.SerialNumber,
        ThumbprintSha256(leaf),
        leaf.Subject,
        leaf.Issuer,
        new DateTimeOffset(leaf.NotBefore.ToUniversalTime()),
        new DateTimeOffset(leaf.NotAfter.ToUniversalTime()),
        leaf.SignatureAlgorithm.FriendlyName ?? leaf.SignatureAlgorithm.Value ?? "",
        source,
        requestId,
        sentAt);

    /// <summary>Certificates as PEM, one after another.</summary>
    public static string ToPem(IEnumerable<X509Certificate2> certificates) =>
        string.Concat(certificates.Select(c => c.ExportCertificatePem() + "\n"));
}
