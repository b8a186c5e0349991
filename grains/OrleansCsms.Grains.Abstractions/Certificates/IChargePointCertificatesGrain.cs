using Orleans.Concurrency;

namespace OrleansCsms.Grains;

/// <summary>
/// The certificates of one charge point (key: its identity), OCPP 1.6 security extension and 2.0.1: the certificate signing
/// requests it sent, the certificates the CSMS issued or forwarded to it (which the CSMS trusts from the moment it
/// sends them), and the installed certificate ids it last reported per certificate type.
/// </summary>
[Alias("csms.IChargePointCertificatesGrain")]
public interface IChargePointCertificatesGrain : IGrainWithStringKey
{
    /// <summary>
    /// Handles a SignCertificate: checks the CSR and keeps it, with the certificate type an OCPP 2.0.1 station asks for;
    /// returns Accepted or Rejected. An accepted CSR is then signed by the CSMS's certificate authority after this
    /// answer, unless it waits for an operator.
    /// </summary>
    Task<string> SignCertificateAsync(string csr, string? certificateType = null);

    /// <summary>Returns the signing requests, issued certificates and installed-certificate reports; null when the charge point is not registered.</summary>
    [AlwaysInterleave]
    Task<ChargePointCertificatesView?> GetAsync();

    /// <summary>Signs a waiting CSR with the CSMS's certificate authority and sends the chain (CertificateSigned).</summary>
    Task<CertificateDelivery> SignWithAuthorityAsync(int requestId);

    /// <summary>Sends an operator's chain for a waiting CSR (CertificateSigned); the chain is checked against the CSR first.</summary>
    Task<CertificateDelivery> SendChainAsync(int requestId, string certificateChain);

    /// <summary>
    /// Asks the charge point for its installed certificate ids (GetInstalledCertificateIds) and records the answer per
    /// type: of one type (OCPP 1.6), or of several or, when none is named, all types (OCPP 2.0.1).
    /// </summary>
    Task<ChargePointCallResult> GetInstalledCertificateIdsAsync(IReadOnlyList<string> certificateTypes);

    /// <summary>Sends a certificate for the charge point to install as a root of a type (InstallCertificate) and returns its answer.</summary>
    Task<ChargePointCallResult> InstallCertificateAsync(string certificateType, string certificate);

    /// <summary>Asks the charge point to delete an installed certificate (DeleteCertificate); one it deleted leaves the recorded reports.</summary>
    Task<ChargePointCallResult> DeleteCertificateAsync(CertificateHashData certificate);

    /// <summary>Asks the charge point to send a message now, e.g. a new CSR: ExtendedTriggerMessage in OCPP 1.6, TriggerMessage in 2.0.1.</summary>
    Task<ChargePointCallResult> ExtendedTriggerMessageAsync(string requestedMessage, int? connectorId);

    /// <summary>Whether <paramref name="thumbprintSha256"/> (hex) names a certificate the CSMS issued or forwarded to this charge point and still trusts at <paramref name="at"/>.</summary>
    [AlwaysInterleave]
    Task<bool> IsIssuedAsync(string thumbprintSha256, DateTimeOffset at);

    /// <summary>Signs a CSR accepted just before, after its SignCertificate was answered.</summary>
    [OneWay]
    Task SignAcceptedAsync(int requestId);

    /// <summary>The charge point was deleted: its certificates go with it.</summary>
    [OneWay]
    Task ForgetAsync();
}
