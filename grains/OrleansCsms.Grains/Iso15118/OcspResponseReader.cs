using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OrleansCsms.Grains;

/// <summary>What an OCSP response says of the certificate asked about, once it is known to be genuine and current.</summary>
public enum OcspCertificateState
{
    /// <summary>The responder vouches that the certificate is not revoked.</summary>
    Good,

    /// <summary>The responder says the certificate is revoked.</summary>
    Revoked,

    /// <summary>The responder knows nothing of the certificate: its issuer is not one it answers for.</summary>
    Unknown,

    /// <summary>The response cannot be relied on: malformed, unsuccessful, unsigned or badly signed, about another certificate, or stale.</summary>
    Unverifiable,
}

/// <summary>The state an OCSP response establishes for a certificate, and in words why.</summary>
public sealed record OcspVerdict(OcspCertificateState State, string Detail);

/// <summary>The CertID of the certificate asked about: hash algorithm OID, issuer name and key hashes, serial number.</summary>
public sealed record OcspCertId(string HashOid, byte[] IssuerNameHash, byte[] IssuerKeyHash, byte[] SerialNumber);

/// <summary>
/// Reads an RFC 6960 OCSPResponse (DER) and judges it for one CertID: the response must be successful and basic, its
/// signature must verify with the key of the certificate's issuer, or of a responder certificate the issuer signed for
/// OCSP signing (id-kp-OCSPSigning) that the response carries, and it must be current. Only then does its certStatus
/// count; anything else is <see cref="OcspCertificateState.Unverifiable"/>, never an exception.
/// </summary>
public static class OcspResponseReader
{
    /// <summary>How far a responder's clock may be ahead of ours.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>How old a response without nextUpdate may be: it was asked for just now, so it is recent or replayed.</summary>
    public static readonly TimeSpan MaxAgeWithoutNextUpdate = TimeSpan.FromHours(1);

    private const string BasicResponseOid = "1.3.6.1.5.5.7.48.1.1";
    private const string OcspSigningOid = "1.3.6.1.5.5.7.3.9";

    private static readonly Dictionary<string, HashAlgorithmName> HashNames = new(StringComparer.Ordinal)
    {
        ["1.3.14.3.2.26"] = HashAlgorithmName.SHA1,
        ["2.16.840.1.101.3.4.2.1"] = HashAlgorithmName.SHA256,
        ["2.16.840.1.101.3.4.2.2"] = HashAlgorithmName.SHA384,
        ["2.16.840.1.101.3.4.2.3"] = HashAlgorithmName.SHA512,
    };

    /// <summary>
    /// Judges <paramref name="der"/> for <paramref name="asked"/>; <paramref name="knownCertificates"/> are certificates
    /// the CSMS already holds (trusted roots, the chain a station sent) that may be the issuer.
    /// </summary>
    public static OcspVerdict Read(byte[] der, OcspCertId asked, IReadOnlyCollection<X509Certificate2> knownCertificates, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(der);
        ArgumentNullException.ThrowIfNull(asked);
        ArgumentNullException.ThrowIfNull(knownCertificates);
        try
        {
            return Judge(der, asked, knownCertificates, now);
        }
        catch (Exception ex) when (ex is AsnContentException or CryptographicException or ArgumentException)
        {
            return Unverifiable($"The OCSP response is malformed: {ex.Message}");
        }
    }

    private static OcspVerdict Judge(byte[] der, OcspCertId asked, IReadOnlyCollection<X509Certificate2> known, DateTimeOffset now)
    {
        var response = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
        var status = response.ReadEnumeratedValue<OcspResponseStatus>();
        if (status != OcspResponseStatus.Successful)
        {
            return Unverifiable($"The OCSP responder answered {status}.");
        }

        var responseBytes = response.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)).ReadSequence();
        var type = responseBytes.ReadObjectIdentifier();
        if (type != BasicResponseOid)
        {
            return Unverifiable($"The OCSP response is of type {type}, not a basic response.");
        }

        var basic = new AsnReader(responseBytes.ReadOctetString(), AsnEncodingRules.DER).ReadSequence();
        var tbs = basic.ReadEncodedValue();
        var signatureAlgorithm = basic.ReadSequence().ReadObjectIdentifier();
        var signature = basic.ReadBitString(out _);
        var carried = new List<X509Certificate2>();
        if (basic.HasData)
        {
            var certs = basic.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)).ReadSequence();
            while (certs.HasData)
            {
                carried.Add(X509CertificateLoader.LoadCertificate(certs.ReadEncodedValue().ToArray()));
            }
        }

        try
        {
            var data = ReadResponseData(tbs);
            if (!HashNames.TryGetValue(asked.HashOid, out var hash))
            {
                return Unverifiable($"The CertID's hash algorithm {asked.HashOid} is not one the CSMS checks.");
            }

            var single = data.Responses.FirstOrDefault(r => SameCertId(r.CertId, asked));
            if (single is null)
            {
                return Unverifiable("The OCSP response says nothing of the certificate asked about (no matching CertID).");
            }

            var signer = Signer(data.ResponderId, [.. carried, .. known]);
            if (signer is null)
            {
                return Unverifiable("The OCSP response's signer is not among the certificates it carries or the CSMS holds.");
            }

            if (!X509Signatures.Verify(tbs.Span, signatureAlgorithm, signature, signer))
            {
                return Unverifiable("The OCSP response's signature does not verify with its signer's key.");
            }

            if (Authority(signer, asked, hash, [.. carried, .. known], now) is { } refusal)
            {
                return Unverifiable(refusal);
            }

            if (single.ThisUpdate > now + ClockSkew)
            {
                return Unverifiable($"The OCSP response is dated {single.ThisUpdate:O}, in the future.");
            }

            if (single.NextUpdate is { } next ? next < now - ClockSkew : single.ThisUpdate < now - MaxAgeWithoutNextUpdate)
            {
                return Unverifiable($"The OCSP response is stale (thisUpdate {single.ThisUpdate:O}, nextUpdate {single.NextUpdate?.ToString("O") ?? "none"}).");
            }

            return single.State switch
            {
                OcspCertificateState.Good => new OcspVerdict(OcspCertificateState.Good, "The OCSP responder vouches for the certificate."),
                OcspCertificateState.Revoked => new OcspVerdict(OcspCertificateState.Revoked, "The OCSP responder says the certificate is revoked."),
                _ => new OcspVerdict(OcspCertificateState.Unknown, "The OCSP responder does not know the certificate."),
            };
        }
        finally
        {
            carried.ForEach(c => c.Dispose());
        }
    }

    /// <summary>Why the signer may not answer for the certificate's issuer, or null: it is the issuer, or a responder the issuer delegated to.</summary>
    private static string? Authority(X509Certificate2 signer, OcspCertId asked, HashAlgorithmName hash, List<X509Certificate2> candidates, DateTimeOffset now)
    {
        if (IsIssuer(signer, asked, hash))
        {
            return null;
        }

        var issuer = candidates.FirstOrDefault(c => IsIssuer(c, asked, hash));
        if (issuer is null || !signer.IssuerName.RawData.AsSpan().SequenceEqual(issuer.SubjectName.RawData) || !X509Signatures.IsSignedBy(signer, issuer))
        {
            return "The OCSP response is signed neither by the certificate's issuer nor by a responder the issuer certified.";
        }

        var usages = signer.Extensions.OfType<X509EnhancedKeyUsageExtension>().SelectMany(e => e.EnhancedKeyUsages.Cast<Oid>());
        if (!usages.Any(u => u.Value == OcspSigningOid))
        {
            return "The OCSP response's delegated responder certificate is not for OCSP signing (id-kp-OCSPSigning).";
        }

        return signer.NotBefore.ToUniversalTime() > now.UtcDateTime || signer.NotAfter.ToUniversalTime() < now.UtcDateTime
            ? "The OCSP response's delegated responder certificate is not valid now."
            : null;
    }

    private static bool IsIssuer(X509Certificate2 candidate, OcspCertId asked, HashAlgorithmName hash) =>
        X509Signatures.KeyHash(candidate, hash).AsSpan().SequenceEqual(asked.IssuerKeyHash)
        && X509Signatures.NameHash(candidate, hash).AsSpan().SequenceEqual(asked.IssuerNameHash);

    private static X509Certificate2? Signer((byte[]? Name, byte[]? KeyHash) responder, List<X509Certificate2> candidates) => candidates.FirstOrDefault(c =>
        responder.KeyHash is { } keyHash
            ? X509Signatures.KeyHash(c, HashAlgorithmName.SHA1).AsSpan().SequenceEqual(keyHash)
            : c.SubjectName.RawData.AsSpan().SequenceEqual(responder.Name));

    private static bool SameCertId(OcspCertId answered, OcspCertId asked) =>
        answered.HashOid == asked.HashOid
        && answered.IssuerNameHash.AsSpan().SequenceEqual(asked.IssuerNameHash)
        && answered.IssuerKeyHash.AsSpan().SequenceEqual(asked.IssuerKeyHash)
        && Significant(answered.SerialNumber).SequenceEqual(Significant(asked.SerialNumber));

    private static ReadOnlySpan<byte> Significant(byte[] serial) => serial.AsSpan().TrimStart((byte)0);

    private static ResponseData ReadResponseData(ReadOnlyMemory<byte> tbs)
    {
        var data = new AsnReader(tbs, AsnEncodingRules.DER).ReadSequence();
        var explicitVersion = new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true);
        if (data.PeekTag().HasSameClassAndValue(explicitVersion))
        {
            data.ReadSequence(explicitVersion);
        }

        (byte[]? Name, byte[]? KeyHash) responder;
        var responderTag = data.PeekTag();
        if (responderTag.HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 1, isConstructed: true)))
        {
            responder = (data.ReadSequence(responderTag).ReadEncodedValue().ToArray(), null);
        }
        else
        {
            responder = (null, data.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 2, isConstructed: true)).ReadOctetString());
        }

        data.ReadGeneralizedTime();
        var responses = new List<SingleResponse>();
        var sequence = data.ReadSequence();
        while (sequence.HasData)
        {
            responses.Add(ReadSingle(sequence.ReadSequence()));
        }

        return new ResponseData(responder, responses);
    }

    private static SingleResponse ReadSingle(AsnReader single)
    {
        var certId = single.ReadSequence();
        var hashOid = certId.ReadSequence().ReadObjectIdentifier();
        var id = new OcspCertId(hashOid, certId.ReadOctetString(), certId.ReadOctetString(), certId.ReadIntegerBytes().ToArray());
        var statusTag = single.PeekTag();
        var state = statusTag.TagClass == TagClass.ContextSpecific
            ? statusTag.TagValue switch
            {
                0 => OcspCertificateState.Good,
                1 => OcspCertificateState.Revoked,
                2 => OcspCertificateState.Unknown,
                _ => throw new AsnContentException($"certStatus [{statusTag.TagValue}] is none of good, revoked, unknown."),
            }
            : throw new AsnContentException("certStatus is not a context-specific choice.");
        single.ReadEncodedValue();
        var thisUpdate = single.ReadGeneralizedTime();
        var nextUpdateTag = new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true);
        DateTimeOffset? nextUpdate = single.HasData && single.PeekTag().HasSameClassAndValue(nextUpdateTag)
            ? single.ReadSequence(nextUpdateTag).ReadGeneralizedTime()
            : null;
        return new SingleResponse(id, state, thisUpdate, nextUpdate);
    }

    private static OcspVerdict Unverifiable(string detail) => new(OcspCertificateState.Unverifiable, detail);

    private sealed record ResponseData((byte[]? Name, byte[]? KeyHash) ResponderId, List<SingleResponse> Responses);

    private sealed record SingleResponse(OcspCertId CertId, OcspCertificateState State, DateTimeOffset ThisUpdate, DateTimeOffset? NextUpdate);

    private enum OcspResponseStatus
    {
        Successful = 0,
        MalformedRequest = 1,
        InternalError = 2,
        TryLater = 3,
        SigRequired = 5,
        Unauthorized = 6,
    }
}
