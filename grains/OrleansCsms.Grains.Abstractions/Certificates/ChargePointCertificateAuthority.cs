using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace OrleansCsms.Grains;

/// <summary>
/// The CSMS's certificate authority for charge point certificates (settings "Certificates"): signs checked CSRs, and
/// answers the questions a client certificate check asks: which CA certificates to trust, and whether a certificate is
/// one the CSMS issued or forwarded to a charge point and still trusts.
/// </summary>
public sealed class ChargePointCertificateAuthority(IOptions<CertificateAuthorityOptions> options, IGrainFactory grains, TimeProvider time)
{
    // Client authentication (TLS web client), the only use of a charge point's certificate.
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private readonly Lazy<X509Certificate2?> _certificate = new(() => Load(options.Value));

    /// <summary>The CA certificate with its private key; null when none is configured.</summary>
    public X509Certificate2? Certificate => _certificate.Value;

    /// <summary>Whether CSRs are signed here as soon as they are accepted: a CA is configured and operators do not sign.</summary>
    public bool SignsAutomatically => Certificate is not null && !options.Value.OperatorSigns;

    /// <summary>The trust anchors of charge point client certificates this CA issues: the CA certificate, when configured (public part only).</summary>
    public X509Certificate2Collection TrustAnchors() =>
        Certificate is { } ca ? [X509CertificateLoader.LoadCertificate(ca.RawData)] : [];

    /// <summary>
    /// Whether <paramref name="certificate"/> is one the CSMS issued or forwarded to <paramref name="chargePointId"/>
    /// (with CertificateSigned, not answered Rejected) and within its validity now.
    /// </summary>
    public Task<bool> IsIssuedToAsync(string chargePointId, X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return grains.GetGrain<IChargePointCertificatesGrain>(chargePointId).IsIssuedAsync(CertificateChains.ThumbprintSha256(certificate), time.GetUtcNow());
    }

    /// <summary>Signs a checked CSR: the chain (the new certificate, then the CA's) as PEM, and the new certificate.</summary>
    public (string Chain, X509Certificate2 Leaf) Sign(CheckedSigningRequest csr)
    {
        ArgumentNullException.ThrowIfNull(csr);
        var ca = Certificate ?? throw new InvalidOperationException("No certificate authority is configured (Certificates:CaCertificatePath, Certificates:CaKeyPath).");
        var settings = options.Value;
        var subject = new X500DistinguishedNameBuilder();
        if ((settings.Organization ?? csr.Organization) is { Length: > 0 } organization)
        {
            subject.AddOrganizationName(organization);
        }

        subject.AddCommonName(csr.CommonName);

        var (generator, hash) = Generator(ca, settings.SignatureHash);
        var request = new CertificateRequest(subject.Build(), csr.Request.PublicKey, hash);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        var usage = csr.KeyAlgorithm == "RSA" ? X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment : X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement;
        request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ClientAuthentication)], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, includeKeyIdentifier: true, includeIssuerAndSerial: false));

        var now = time.GetUtcNow();
        var notAfter = Min(now.AddDays(settings.ValidityDays), new DateTimeOffset(ca.NotAfter.ToUniversalTime()));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // a positive INTEGER, as RFC 5280 wants serial numbers
        var leaf = request.Create(ca.SubjectName, generator, now - ClockSkew, notAfter, serial);
        return (CertificateChains.ToPem([leaf, ca]), leaf);
    }

    private static (X509SignatureGenerator Generator, HashAlgorithmName Hash) Generator(X509Certificate2 ca, string? configuredHash)
    {
        if (ca.GetRSAPrivateKey() is { } rsa)
        {
            return (X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1), Hash(configuredHash) ?? HashAlgorithmName.SHA256);
        }

        var ecdsa = ca.GetECDsaPrivateKey() ?? throw new InvalidOperationException("The CA key is neither RSA nor EC.");
        var curveHash = ecdsa.KeySize switch
        {
            <= 256 => HashAlgorithmName.SHA256,
            <= 384 => HashAlgorithmName.SHA384,
            _ => HashAlgorithmName.SHA512,
        };
        return (X509SignatureGenerator.CreateForECDsa(ecdsa), Hash(configuredHash) ?? curveHash);
    }

    private static HashAlgorithmName? Hash(string? name) => name is null ? null : new HashAlgorithmName(name);

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    /// <summary>Loads the CA from its files; throws when they are set but unusable, so the host fails at start rather than at the first CSR.</summary>
    internal static X509Certificate2? Load(CertificateAuthorityOptions settings)
    {
        if (settings.CaCertificatePath is null && settings.CaKeyPath is null)
        {
            return null;
        }

        if (settings.CaCertificatePath is null || settings.CaKeyPath is null)
        {
            throw new InvalidOperationException("Certificates:CaCertificatePath and Certificates:CaKeyPath go together: set both, or neither.");
        }

        var ca = settings.CaKeyPassword is { } password
            ? X509Certificate2.CreateFromEncryptedPemFile(settings.CaCertificatePath, password, settings.CaKeyPath)
            : X509Certificate2.CreateFromPemFile(settings.CaCertificatePath, settings.CaKeyPath);
        if (!CertificateChains.IsCertificateAuthority(ca))
        {
            throw new InvalidOperationException($"{settings.CaCertificatePath} is not a CA certificate (basic constraints CA:TRUE).");
        }

        return ca;
    }
}

/// <summary>Checks at start that the configured CA files load, so a typo stops the host instead of the first CSR.</summary>
public sealed class CertificateAuthorityOptionsValidation : IValidateOptions<CertificateAuthorityOptions>
{
    public ValidateOptionsResult Validate(string? name, CertificateAuthorityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ValidityDays is < 1 or > 3_650)
        {
            return ValidateOptionsResult.Fail("Certificates:ValidityDays must be 1 to 3650.");
        }

        if (options.SignatureHash is not (null or "SHA256" or "SHA384" or "SHA512"))
        {
            return ValidateOptionsResult.Fail("Certificates:SignatureHash must be SHA256, SHA384 or SHA512.");
        }

        try
        {
            using var ca = ChargePointCertificateAuthority.Load(options);
            return ValidateOptionsResult.Success;
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or InvalidOperationException or ArgumentException)
        {
            return ValidateOptionsResult.Fail($"Certificates: the CA could not be loaded: {ex.Message}");
        }
    }
}
