namespace OrleansCsms.Grains;

/// <summary>
/// What an OCPP 2.0.1 station asks the CSMS on behalf of an ISO 15118 vehicle or its own certificates (key: the
/// station's identity): a contract certificate from the configured contract certificate service
/// (Get15118EVCertificate), and a certificate's revocation status from the configured OCSP responder (GetCertificateStatus).
/// </summary>
[Alias("csms.IIso15118CertificatesGrain")]
public interface IIso15118CertificatesGrain : IGrainWithStringKey
{
    /// <summary>Forwards an EV's certificate installation or update request (EXI, base64) and returns the service's answer, or Failed.</summary>
    Task<EvCertificateAnswer> GetEvCertificateAsync(EvCertificateRequest request);

    /// <summary>Asks the OCSP responder for the status of the certificate the hash data names and returns its response, or Failed.</summary>
    Task<CertificateStatusAnswer> GetCertificateStatusAsync(OcspRequestData request);

    /// <summary>Judges the contract certificate an Authorize carries (its OCSP hash data, or its PEM chain): valid, revoked, expired, badly chained, or not known.</summary>
    Task<ContractCertificateVerdict> ValidateContractCertificateAsync(ContractCertificateCheck check);
}

/// <summary>What an Authorize carries of an ISO 15118 contract certificate: the OCSP hash data of its chain, or the chain itself (PEM, leaf first).</summary>
[GenerateSerializer]
[Alias("csms.ContractCertificateCheck")]
[Immutable]
public sealed record ContractCertificateCheck(IReadOnlyList<OcspRequestData>? HashData, string? CertificateChain);

/// <summary>
/// An AuthorizeCertificateStatusEnumType value for the certificate and in words why. NoCertificateAvailable: the CSMS
/// could not establish the certificate's status (no responder or trusted roots, no trustworthy answer).
/// </summary>
[GenerateSerializer]
[Alias("csms.ContractCertificateVerdict")]
[Immutable]
public sealed record ContractCertificateVerdict(string CertificateStatus, string Detail)
{
    public bool IsDetermined => CertificateStatus != ContractCertificateStatuses.NoCertificateAvailable;
}

/// <summary>The AuthorizeCertificateStatusEnumType values the CSMS answers.</summary>
public static class ContractCertificateStatuses
{
    public const string Accepted = "Accepted";
    public const string SignatureError = "SignatureError";
    public const string CertificateExpired = "CertificateExpired";
    public const string CertificateRevoked = "CertificateRevoked";
    public const string NoCertificateAvailable = "NoCertificateAvailable";
    public const string CertChainError = "CertChainError";
    public const string ContractCancelled = "ContractCancelled";
}

/// <summary>A Get15118EVCertificate: the ISO 15118 schema version, Install or Update, and the EXI request (base64).</summary>
[GenerateSerializer]
[Alias("csms.EvCertificateRequest")]
[Immutable]
public sealed record EvCertificateRequest(string Iso15118SchemaVersion, string Action, string ExiRequest);

/// <summary>Accepted with the EXI response (base64), or Failed with an empty one and why (reason code, detail).</summary>
[GenerateSerializer]
[Alias("csms.EvCertificateAnswer")]
[Immutable]
public sealed record EvCertificateAnswer(string Status, string ExiResponse, string? ReasonCode = null, string? Detail = null);

/// <summary>The certificate whose status is asked: hash algorithm, issuer name and key hashes and serial number (hex), and the responder the station names.</summary>
[GenerateSerializer]
[Alias("csms.OcspRequestData")]
[Immutable]
public sealed record OcspRequestData(string HashAlgorithm, string IssuerNameHash, string IssuerKeyHash, string SerialNumber, string ResponderUrl);

/// <summary>Accepted with the responder's OCSPResponse (DER, base64), or Failed and why (reason code, detail).</summary>
[GenerateSerializer]
[Alias("csms.CertificateStatusAnswer")]
[Immutable]
public sealed record CertificateStatusAnswer(string Status, string? OcspResult = null, string? ReasonCode = null, string? Detail = null);
