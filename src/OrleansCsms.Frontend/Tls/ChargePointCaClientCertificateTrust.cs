using System.Security.Cryptography.X509Certificates;
using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Tls;

/// <summary>
/// Trusts the CSMS's own certificate authority (Certificates:CaCertificatePath) for client certificates: a charge
/// point it issued a certificate to reconnects with it on security profile 3. None when no CA is configured.
/// </summary>
internal sealed class ChargePointCaClientCertificateTrust(ChargePointCertificateAuthority authority) : IClientCertificateTrust
{
    private readonly Lazy<X509Certificate2Collection> _authorities = new(authority.TrustAnchors);

    public X509Certificate2Collection Authorities() => _authorities.Value;
}
