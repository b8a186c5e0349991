using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OrleansCsms.Grains;

namespace OrleansCsms.Testing;

/// <summary>What an OCSP response built for a test says of a certificate.</summary>
public enum OcspTestStatus
{
    Good,
    Revoked,
    Unknown,
}

/// <summary>
/// How a test OCSP response is made: its status, who signs it, which certificates it carries, its dates, and the
/// faults a test plants (a broken signature, another certificate's CertID, an unsuccessful responseStatus).
/// </summary>
public sealed record OcspResponseSpec(X509Certificate2 Signer)
{
    public OcspTestStatus Status { get; init; } = OcspTestStatus.Good;

    /// <summary>Certificates the response carries in its certs field; the signer's alone when null.</summary>
    public IReadOnlyList<X509Certificate2>? Carried { get; init; }

    public DateTimeOffset? ThisUpdate { get; init; }

    public DateTimeOffset? NextUpdate { get; init; }

    public bool BreakSignature { get; init; }

    /// <summary>A serial number to answer for instead of the one asked about.</summary>
    public byte[]? OtherSerialNumber { get; init; }

    /// <summary>OCSPResponseStatus: 0 successful; anything else carries no response.</summary>
    public int ResponseStatus { get; init; }

    /// <summary>Names the responder by its subject name rather than by its key hash.</summary>
    public bool ResponderByName { get; init; }
}

/// <summary>RFC 6960 OCSP responses in DER, built and signed for tests as a real responder builds them.</summary>
public static class OcspResponses
{
    private const string BasicOcspResponse = "1.3.6.1.5.5.7.48.1.1";
    private const string EcdsaWithSha256 = "1.2.840.10045.4.3.2";
    private const string Sha256WithRsa = "1.2.840.113549.1.1.11";

    /// <summary>The CertID (SHA-256) of <paramref name="certificate"/> issued by <paramref name="issuer"/>.</summary>
    public static OcspCertId CertId(X509Certificate2 certificate, X509Certificate2 issuer) => new(
        OcspMessages.HashOid("SHA256")!,
        SHA256.HashData(issuer.SubjectName.RawData),
        SHA256.HashData(issuer.PublicKey.EncodedKeyValue.RawData),
        certificate.SerialNumberBytes.ToArray());

    /// <summary>A DER OCSPResponse answering for <paramref name="asked"/> as <paramref name="spec"/> says.</summary>
    public static byte[] Build(OcspCertId asked, OcspResponseSpec spec)
    {
        var response = new AsnWriter(AsnEncodingRules.DER);
        using (response.PushSequence())
        {
            response.WriteEnumeratedValue((OcspStatus)spec.ResponseStatus);
            if (spec.ResponseStatus == 0)
            {
                using (response.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
                {
                    using (response.PushSequence())
                    {
                        response.WriteObjectIdentifier(BasicOcspResponse);
                        response.WriteOctetString(Basic(asked, spec));
                    }
                }
            }
        }

        return response.Encode();
    }

    private static byte[] Basic(OcspCertId asked, OcspResponseSpec spec)
    {
        var now = DateTimeOffset.UtcNow;
        var data = new AsnWriter(AsnEncodingRules.DER);
        using (data.PushSequence())
        {
            if (spec.ResponderByName)
            {
                using (data.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 1, isConstructed: true)))
                {
                    data.WriteEncodedValue(spec.Signer.SubjectName.RawData);
                }
            }
            else
            {
                using (data.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 2, isConstructed: true)))
                {
#pragma warning disable CA5350 // RFC 6960 names a responder by the SHA-1 of its key.
                    data.WriteOctetString(SHA1.HashData(spec.Signer.PublicKey.EncodedKeyValue.RawData));
#pragma warning restore CA5350
                }
            }

            data.WriteGeneralizedTime(now, omitFractionalSeconds: true);
            using (data.PushSequence())
            {
                using (data.PushSequence())
                {
                    OcspMessages.WriteCertId(data, asked.HashOid, asked.IssuerNameHash, asked.IssuerKeyHash, spec.OtherSerialNumber ?? asked.SerialNumber);
                    WriteStatus(data, spec.Status, now);
                    data.WriteGeneralizedTime(spec.ThisUpdate ?? now, omitFractionalSeconds: true);
                    if (spec.NextUpdate is { } next)
                    {
                        using (data.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
                        {
                            data.WriteGeneralizedTime(next, omitFractionalSeconds: true);
                        }
                    }
                }
            }
        }

        var tbs = data.Encode();
        var (algorithm, signature) = Sign(tbs, spec.Signer);
        if (spec.BreakSignature)
        {
            signature[^1] ^= 0x01;
        }

        var basic = new AsnWriter(AsnEncodingRules.DER);
        using (basic.PushSequence())
        {
            basic.WriteEncodedValue(tbs);
            using (basic.PushSequence())
            {
                basic.WriteObjectIdentifier(algorithm);
            }

            basic.WriteBitString(signature);
            using (basic.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
            {
                using (basic.PushSequence())
                {
                    foreach (var certificate in spec.Carried ?? [spec.Signer])
                    {
                        basic.WriteEncodedValue(certificate.RawData);
                    }
                }
            }
        }

        return basic.Encode();
    }

    private static void WriteStatus(AsnWriter data, OcspTestStatus status, DateTimeOffset now)
    {
        switch (status)
        {
            case OcspTestStatus.Good:
                data.WriteNull(new Asn1Tag(TagClass.ContextSpecific, 0));
                break;
            case OcspTestStatus.Revoked:
                using (data.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 1, isConstructed: true)))
                {
                    data.WriteGeneralizedTime(now.AddDays(-1), omitFractionalSeconds: true);
                }

                break;
            default:
                data.WriteNull(new Asn1Tag(TagClass.ContextSpecific, 2));
                break;
        }
    }

    private static (string Algorithm, byte[] Signature) Sign(byte[] tbs, X509Certificate2 signer)
    {
        if (signer.GetECDsaPrivateKey() is { } ec)
        {
            using (ec)
            {
                return (EcdsaWithSha256, ec.SignData(tbs, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
            }
        }

        using var rsa = signer.GetRSAPrivateKey() ?? throw new InvalidOperationException($"{signer.Subject} has no private key to sign with.");
        return (Sha256WithRsa, rsa.SignData(tbs, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    private enum OcspStatus
    {
        Successful = 0,
        MalformedRequest = 1,
        InternalError = 2,
        TryLater = 3,
        SigRequired = 5,
        Unauthorized = 6,
    }
}
