namespace OrleansCsms.Grains;

/// <summary>The CSMS's own certificate authority for charge point certificates, bound from the "Certificates" configuration section.</summary>
public sealed class CertificateAuthorityOptions
{
    public const string Section = "Certificates";

    /// <summary>PEM file of the CA certificate that signs charge point certificates; none: CSRs wait for an operator.</summary>
    public string? CaCertificatePath { get; set; }

    /// <summary>PEM file of the CA's private key (PKCS#8, RSA or EC), encrypted when <see cref="CaKeyPassword"/> is set.</summary>
    public string? CaKeyPath { get; set; }

    /// <summary>Password of an encrypted CA key.</summary>
    public string? CaKeyPassword { get; set; }

    /// <summary>How long an issued certificate is valid, in days, 1 to 3650 (never beyond the CA's own expiry).</summary>
    public int ValidityDays { get; set; } = 365;

    /// <summary>The organization (O) of issued certificates; none: the CSR's.</summary>
    public string? Organization { get; set; }

    /// <summary>
    /// Hash of the CA's signatures: SHA256, SHA384 or SHA512. None: SHA256 for an RSA key (sha256WithRSAEncryption),
    /// and for an EC key the hash of its curve's size (P-256: ecdsa-with-SHA256, P-384: SHA384, P-521: SHA512).
    /// </summary>
    public string? SignatureHash { get; set; }

    /// <summary>Whether operators sign CSRs even though a CA is configured: they wait, listed, for a chain through the API.</summary>
    public bool OperatorSigns { get; set; }
}
