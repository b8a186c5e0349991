using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OrleansCsms.Grains;

/// <summary>A certificate signing request that passed <see cref="SigningRequestCheck"/>: what it asks for.</summary>
public sealed record CheckedSigningRequest(
    CertificateRequest Request, string Subject, string CommonName, string? Organization, string KeyAlgorithm, int KeySize)
{
    /// <summary>The DER SubjectPublicKeyInfo of the key the CSR asks a certificate for.</summary>
    public byte[] SubjectPublicKeyInfo => Request.PublicKey.ExportSubjectPublicKeyInfo();
}

/// <summary>
/// Checks a CSR as the OCPP 1.6 security whitepaper wants it: PKCS#10 in PEM, its signature made with the key it
/// carries, that key RSA of 2048 bits or more or EC of 224 bits or more, and a subject with a common name.
/// </summary>
public static class SigningRequestCheck
{
    public const int MinRsaKeySize = 2048;
    public const int MinEcKeySize = 224;
    private const string CommonNameOid = "2.5.4.3";
    private const string OrganizationOid = "2.5.4.10";

    /// <summary>Returns the checked request, or null and why it fails.</summary>
    public static (CheckedSigningRequest? Request, string? Failure) Check(string? pem)
    {
        if (string.IsNullOrWhiteSpace(pem))
        {
            return (null, "The CSR is empty.");
        }

        if (Der(pem) is not { } der)
        {
            return (null, "The CSR is not PEM: no CERTIFICATE REQUEST block was found.");
        }

        CertificateRequest request;
        try
        {
            // Loading checks the signature: a CSR must be signed by the key it carries.
            request = CertificateRequest.LoadSigningRequest(der, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.Default);
        }
        catch (CryptographicException ex)
        {
            return (null, $"The CSR is not a valid PKCS#10 request, or its signature does not verify: {ex.Message}");
        }

        var (algorithm, size) = KeyOf(request.PublicKey);
        var keyFailure = algorithm switch
        {
            "RSA" when size < MinRsaKeySize => $"The CSR's RSA key has {size} bits; at least {MinRsaKeySize} are required.",
            "EC" when size < MinEcKeySize => $"The CSR's EC key has {size} bits; at least {MinEcKeySize} are required.",
            "RSA" or "EC" => null,
            _ => $"The CSR's key is {request.PublicKey.Oid.FriendlyName ?? request.PublicKey.Oid.Value}; only RSA and EC keys are accepted.",
        };
        if (keyFailure is not null)
        {
            return (null, keyFailure);
        }

        var commonName = Attribute(request.SubjectName, CommonNameOid);
        if (string.IsNullOrWhiteSpace(commonName))
        {
            return (null, "The CSR's subject has no common name (CN).");
        }

        return (new CheckedSigningRequest(request, request.SubjectName.Name, commonName, Attribute(request.SubjectName, OrganizationOid), algorithm, size), null);
    }

    /// <summary>The value of a single-valued attribute of a distinguished name (CN, O), or null when it has none.</summary>
    public static string? Attribute(X500DistinguishedName name, string oid) =>
        name.EnumerateRelativeDistinguishedNames()
            .Where(rdn => !rdn.HasMultipleElements && rdn.GetSingleElementType().Value == oid)
            .Select(rdn => rdn.GetSingleElementValue())
            .FirstOrDefault();

    /// <summary>The key algorithm (RSA, EC, or the key's own name) and size in bits.</summary>
    public static (string Algorithm, int Size) KeyOf(PublicKey key)
    {
        using var rsa = key.GetRSAPublicKey();
        if (rsa is not null)
        {
            return ("RSA", rsa.KeySize);
        }

        using var ec = key.GetECDsaPublicKey();
        return ec is not null ? ("EC", ec.KeySize) : (key.Oid.FriendlyName ?? key.Oid.Value ?? "unknown", 0);
    }

    private static byte[]? Der(string pem)
    {
        var text = pem.AsSpan();
        while (PemEncoding.TryFind(text, out var fields))
        {
            var label = text[fields.Label];
            if (label.SequenceEqual("CERTIFICATE REQUEST") || label.SequenceEqual("NEW CERTIFICATE REQUEST"))
            {
                var der = new byte[fields.DecodedDataLength];
                return Convert.TryFromBase64Chars(text[fields.Base64Data], der, out var written) ? der[..written] : null;
            }

            text = text[fields.Location.End..];
        }

        return null;
    }
}
