using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OrleansCsms.Grains;

/// <summary>
/// Verifies a signature made over DER bytes by the key of a certificate, as X.509 and RFC 6960 carry them: an
/// AlgorithmIdentifier's OID and a BIT STRING. ECDSA and RSA PKCS#1 v1.5 with SHA-256/384/512, what ISO 15118 and
/// OCSP responders use; any other algorithm does not verify.
/// </summary>
public static class X509Signatures
{
    private static readonly Dictionary<string, (HashAlgorithmName Hash, bool Ec)> Algorithms = new(StringComparer.Ordinal)
    {
        ["1.2.840.10045.4.3.2"] = (HashAlgorithmName.SHA256, true),
        ["1.2.840.10045.4.3.3"] = (HashAlgorithmName.SHA384, true),
        ["1.2.840.10045.4.3.4"] = (HashAlgorithmName.SHA512, true),
        ["1.2.840.113549.1.1.11"] = (HashAlgorithmName.SHA256, false),
        ["1.2.840.113549.1.1.12"] = (HashAlgorithmName.SHA384, false),
        ["1.2.840.113549.1.1.13"] = (HashAlgorithmName.SHA512, false),
    };

    /// <summary>Whether <paramref name="signature"/> over <paramref name="signed"/> was made with the key of <paramref name="signer"/>.</summary>
    public static bool Verify(ReadOnlySpan<byte> signed, string algorithmOid, ReadOnlySpan<byte> signature, X509Certificate2 signer)
    {
        ArgumentNullException.ThrowIfNull(signer);
        if (!Algorithms.TryGetValue(algorithmOid, out var algorithm))
        {
            return false;
        }

        try
        {
            if (algorithm.Ec)
            {
                using var ec = signer.GetECDsaPublicKey();
                return ec is not null && ec.VerifyData(signed, signature, algorithm.Hash, DSASignatureFormat.Rfc3279DerSequence);
            }

            using var rsa = signer.GetRSAPublicKey();
            return rsa is not null && rsa.VerifyData(signed, signature, algorithm.Hash, RSASignaturePadding.Pkcs1);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>Whether <paramref name="certificate"/> was signed with the key of <paramref name="issuer"/>.</summary>
    public static bool IsSignedBy(X509Certificate2 certificate, X509Certificate2 issuer)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        try
        {
            var reader = new AsnReader(certificate.RawData, AsnEncodingRules.DER).ReadSequence();
            var tbs = reader.ReadEncodedValue();
            var algorithm = reader.ReadSequence().ReadObjectIdentifier();
            var signature = reader.ReadBitString(out _);
            return Verify(tbs.Span, algorithm, signature, issuer);
        }
        catch (AsnContentException)
        {
            return false;
        }
    }

    /// <summary>The hash, with an OCSP CertID's algorithm, of a certificate's subjectPublicKey bits: what issuerKeyHash holds.</summary>
    public static byte[] KeyHash(X509Certificate2 certificate, HashAlgorithmName hash)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return CryptographicOperations.HashData(hash, certificate.PublicKey.EncodedKeyValue.RawData);
    }

    /// <summary>The hash, with an OCSP CertID's algorithm, of a certificate's subject name (DER): what issuerNameHash holds.</summary>
    public static byte[] NameHash(X509Certificate2 certificate, HashAlgorithmName hash)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return CryptographicOperations.HashData(hash, certificate.SubjectName.RawData);
    }
}
