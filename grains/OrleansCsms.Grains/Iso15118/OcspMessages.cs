using System.Formats.Asn1;

namespace OrleansCsms.Grains;

/// <summary>
/// RFC 6960 OCSP messages in DER: the request for one certificate named by its CertID (the hash data a station sends),
/// and the status of a response, which the CSMS passes on as it came.
/// </summary>
public static class OcspMessages
{
    public const string RequestMediaType = "application/ocsp-request";
    public const string ResponseMediaType = "application/ocsp-response";

    /// <summary>OCSPResponseStatus successful(0); any other status carries no response bytes.</summary>
    public const int Successful = 0;

    private static readonly Dictionary<string, string> HashOids = new(StringComparer.Ordinal)
    {
        ["SHA256"] = "2.16.840.1.101.3.4.2.1",
        ["SHA384"] = "2.16.840.1.101.3.4.2.2",
        ["SHA512"] = "2.16.840.1.101.3.4.2.3",
    };

    /// <summary>The OID of a hash algorithm OCPP names (SHA256, SHA384, SHA512); null for any other.</summary>
    public static string? HashOid(string hashAlgorithm) => HashOids.GetValueOrDefault(hashAlgorithm);

    /// <summary>An unsigned OCSPRequest for the one certificate <paramref name="certificate"/> names; its hashes and serial number are hex.</summary>
    public static byte[] Request(OcspRequestData certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var oid = HashOid(certificate.HashAlgorithm) ?? throw new FormatException($"'{certificate.HashAlgorithm}' is no hash algorithm OCPP names.");
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                using (writer.PushSequence())
                {
                    using (writer.PushSequence())
                    {
                        WriteCertId(writer, oid, Hex(certificate.IssuerNameHash), Hex(certificate.IssuerKeyHash), Hex(certificate.SerialNumber));
                    }
                }
            }
        }

        return writer.Encode();
    }

    /// <summary>Writes a CertID: hash algorithm, issuer name and key hashes, and the serial number as a positive INTEGER.</summary>
    public static void WriteCertId(AsnWriter writer, string hashOid, byte[] issuerNameHash, byte[] issuerKeyHash, byte[] serialNumber)
    {
        ArgumentNullException.ThrowIfNull(writer);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(hashOid);
                writer.WriteNull();
            }

            writer.WriteOctetString(issuerNameHash);
            writer.WriteOctetString(issuerKeyHash);
            var significant = serialNumber.AsSpan().TrimStart((byte)0);
            writer.WriteIntegerUnsigned(significant.IsEmpty ? new byte[1] : significant);
        }
    }

    /// <summary>The responseStatus of a DER OCSPResponse, and whether it carries responseBytes; throws when it is none.</summary>
    public static (int Status, bool HasResponse) ResponseStatus(byte[] der)
    {
        var reader = new AsnReader(der, AsnEncodingRules.DER);
        var response = reader.ReadSequence();
        reader.ThrowIfNotEmpty();
        var status = 0;
        foreach (var b in response.ReadEnumeratedBytes().Span)
        {
            status = (status << 8) | b;
        }

        var hasResponse = response.HasData && response.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true));
        return (status, hasResponse);
    }

    /// <summary>Bytes from hex as OCPP writes them: no 0x prefix, leading zeroes left out (so an odd length may come).</summary>
    public static byte[] Hex(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        return Convert.FromHexString(hex.Length % 2 == 1 ? "0" + hex : hex);
    }
}
