namespace OrleansCsms.Grains;

/// <summary>Persisted state of a charge point's certificates.</summary>
[GenerateSerializer]
[Alias("csms.ChargePointCertificatesState")]
public sealed class ChargePointCertificatesState
{
    /// <summary>The charge point the certificates belong to.</summary>
    [Id(0)]
    public string ChargePointId { get; set; } = "";

    /// <summary>The id of the last signing request received; each gets the next.</summary>
    [Id(1)]
    public int LastRequestId { get; set; }

    /// <summary>The most recent signing requests, oldest first.</summary>
    [Id(2)]
    public List<SigningRequestRecord> SigningRequests { get; set; } = [];

    /// <summary>The certificates issued or forwarded to the charge point, oldest first.</summary>
    [Id(3)]
    public List<IssuedCertificate> Issued { get; set; } = [];

    /// <summary>What the charge point last reported through GetInstalledCertificateIds, by certificate type.</summary>
    [Id(4)]
    public SortedDictionary<string, InstalledCertificatesReport> Installed { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>
/// A certificate signing request a charge point sent with SignCertificate. Status: Rejected (the CSR failed its checks,
/// <see cref="Reason"/> says why), Pending (accepted, waiting for a signature), Sent (a chain went out with CertificateSigned).
/// <see cref="CertificateType"/> is what an OCPP 2.0.1 station asked the certificate for (ChargingStationCertificate or
/// V2GCertificate); null from 1.6, or from a 2.0.1 station asking for a combined certificate.
/// </summary>
[GenerateSerializer]
[Alias("csms.SigningRequestRecord")]
[Immutable]
public sealed record SigningRequestRecord(
    int Id,
    DateTimeOffset ReceivedAt,
    string Status,
    string Csr,
    string? Subject = null,
    string? CommonName = null,
    string? Organization = null,
    string? KeyAlgorithm = null,
    int? KeySize = null,
    string? Reason = null,
    string? CertificateSerialNumber = null,
    string? CertificateType = null);

/// <summary>
/// A certificate the CSMS sent to a charge point with CertificateSigned, signed by its own authority (Source
/// CentralSystemCa) or given by an operator (Operator), and what the charge point answered: Accepted, Rejected, or
/// why it gave no answer (NotConnected, TimedOut, CallError).
/// </summary>
[GenerateSerializer]
[Alias("csms.IssuedCertificate")]
[Immutable]
public sealed record IssuedCertificate(
    string SerialNumber,
    string ThumbprintSha256,
    string Subject,
    string Issuer,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    string SignatureAlgorithm,
    string Source,
    int RequestId,
    DateTimeOffset SentAt,
    string? Answer = null,
    DateTimeOffset? AnsweredAt = null,
    string? Detail = null);

/// <summary>The hash data of one installed certificate, as OCPP 1.6 reports and deletes it.</summary>
[GenerateSerializer]
[Alias("csms.CertificateHashData")]
[Immutable]
public sealed record CertificateHashData(string HashAlgorithm, string IssuerNameHash, string IssuerKeyHash, string SerialNumber);

/// <summary>
/// A charge point's answer to GetInstalledCertificateIds for one certificate type, and when it gave it. An OCPP 2.0.1
/// V2GCertificateChain lists each chain's leaf followed by the sub-CA certificates it reported with it.
/// </summary>
[GenerateSerializer]
[Alias("csms.InstalledCertificatesReport")]
[Immutable]
public sealed record InstalledCertificatesReport(string CertificateType, string Status, IReadOnlyList<CertificateHashData> Certificates, DateTimeOffset ReportedAt);

/// <summary>A charge point's certificates as the operator sees them.</summary>
[GenerateSerializer]
[Alias("csms.ChargePointCertificatesView")]
[Immutable]
public sealed record ChargePointCertificatesView(
    string ChargePointId,
    IReadOnlyList<SigningRequestRecord> SigningRequests,
    IReadOnlyList<IssuedCertificate> Issued,
    IReadOnlyList<InstalledCertificatesReport> Installed);

/// <summary>How sending a certificate chain for a signing request ended.</summary>
[GenerateSerializer]
[Alias("csms.CertificateDeliveryOutcome")]
public enum CertificateDeliveryOutcome
{
    /// <summary>The chain went out with CertificateSigned; the issued certificate records the charge point's answer.</summary>
    Sent,

    /// <summary>The charge point is not registered.</summary>
    UnknownChargePoint,

    /// <summary>No signing request has this id.</summary>
    UnknownRequest,

    /// <summary>The signing request is not waiting for a signature (rejected, or already answered with a chain).</summary>
    NotPending,

    /// <summary>The chain failed its checks (see the detail); nothing was sent.</summary>
    InvalidChain,

    /// <summary>The CSMS has no certificate authority configured.</summary>
    NoAuthority,
}

/// <summary>The outcome of sending a chain, why it failed, and the certificate as issued.</summary>
[GenerateSerializer]
[Alias("csms.CertificateDelivery")]
[Immutable]
public sealed record CertificateDelivery(CertificateDeliveryOutcome Outcome, IssuedCertificate? Certificate = null, string? Detail = null);
