using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Api;

/// <summary>Ask the charge point to send a message now (ExtendedTriggerMessage); connectorId only for MeterValues and StatusNotification.</summary>
public sealed record ExtendedTriggerRequest(string? RequestedMessage, int? ConnectorId);

/// <summary>
/// A certificate (PEM) for the charge point to install as a root of a type: CentralSystemRootCertificate (OCPP 2.0.1:
/// CSMSRootCertificate, either name for either version) or ManufacturerRootCertificate; to an OCPP 2.0.1 station also
/// V2GRootCertificate or MORootCertificate.
/// </summary>
public sealed record InstallCertificateRequest(string? CertificateType, string? Certificate);

/// <summary>
/// The certificate type whose installed certificate ids the charge point is asked for; an OCPP 2.0.1 station may be
/// asked for several (certificateTypes, V2GCertificateChain among them) or, with neither given, for all.
/// </summary>
public sealed record GetInstalledCertificateIdsRequest(string? CertificateType, IReadOnlyList<string>? CertificateTypes = null);

/// <summary>
/// The certificate to delete: its hash data whole (certificateHashData), or the serial number of one the charge point
/// reported through GetInstalledCertificateIds (and, when several types list it, the certificateType), whose reported
/// hash data is then sent as reported.
/// </summary>
public sealed record DeleteCertificateRequest(CertificateHashDataRequest? CertificateHashData, string? SerialNumber, string? CertificateType);

/// <summary>CertificateHashDataType of OCPP 1.6 and 2.0.1 alike: the hash algorithm, the hashes of the issuer's name and key (hex), and the serial number (hex).</summary>
public sealed record CertificateHashDataRequest(string? HashAlgorithm, string? IssuerNameHash, string? IssuerKeyHash, string? SerialNumber);

/// <summary>A certificate chain (PEM, the charge point's certificate first) answering a signing request, forwarded with CertificateSigned.</summary>
public sealed record CertificateChainRequest(string? CertificateChain);

/// <summary>The checks on certificate requests, from the schemas of the OCPP 1.6 security extension and of 2.0.1.</summary>
public static class CertificateRules
{
    public static readonly IReadOnlyList<string> HashAlgorithms = ["SHA256", "SHA384", "SHA512"];

    /// <summary>The messages ExtendedTriggerMessage may ask for (MessageTriggerEnumType).</summary>
    public static readonly IReadOnlyList<string> ExtendedMessageTriggers =
        ["BootNotification", "LogStatusNotification", "FirmwareStatusNotification", "Heartbeat", "MeterValues", "SignChargePointCertificate", "StatusNotification"];

    /// <summary>The triggered messages that are about one connector; the others are about the charge point as a whole.</summary>
    public static readonly IReadOnlyList<string> ConnectorMessages = ["MeterValues", "StatusNotification"];

    public const int MaxHashLength = 128;
    public const int MaxSerialNumberLength = 40;

    /// <summary>Checks certificate hash data field by field, each under <paramref name="prefix"/>.</summary>
    public static ValidationErrors HashData(this ValidationErrors errors, string prefix, CertificateHashDataRequest hash) => errors
        .OneOf($"{prefix}.hashAlgorithm", hash.HashAlgorithm, HashAlgorithms)
        .Length($"{prefix}.issuerNameHash", hash.IssuerNameHash, 1, MaxHashLength)
        .Length($"{prefix}.issuerKeyHash", hash.IssuerKeyHash, 1, MaxHashLength)
        .Length($"{prefix}.serialNumber", hash.SerialNumber, 1, MaxSerialNumberLength);

    /// <summary>Checks a certificate to install: one PEM certificate within InstallCertificate's limit, and a CA certificate, as every root type is.</summary>
    public static ValidationErrors RootCertificate(this ValidationErrors errors, string field, string? pem)
    {
        if (pem is null || pem.Length > CertificateChains.MaxCertificateLength)
        {
            return errors.Add(field, pem is null ? "Required." : $"Must be at most {CertificateChains.MaxCertificateLength} characters, the most InstallCertificate carries.");
        }

        var certificates = CertificateChains.Read(pem);
        if (certificates.Count != 1)
        {
            return errors.Add(field, certificates.Count == 0 ? "Must be a PEM certificate (-----BEGIN CERTIFICATE-----)." : "Must be one certificate, not several.");
        }

        return errors.Check(CertificateChains.IsCertificateAuthority(certificates[0]), field, "Must be a CA certificate (basic constraints CA:TRUE): every certificate type installed is a root.");
    }
}
