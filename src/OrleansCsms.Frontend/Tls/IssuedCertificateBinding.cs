using System.Security.Cryptography.X509Certificates;
using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Tls;

/// <summary>
/// A client certificate the CSMS's own authority signed was issued to one charge point: it admits that charge point
/// alone, and only while the CSMS still trusts it (sent with CertificateSigned, not answered Rejected, not expired, the
/// charge point not deleted). Certificates of the configured CA bundle were not issued here and are not bound this way;
/// when the CSMS's authority is also in the bundle, the bundle's rule (Tls:ClientCertificateCnMustMatchIdentity) applies.
/// </summary>
internal sealed class IssuedCertificateBinding(ChargePointCertificateAuthority authority, IEnumerable<IClientCertificateTrust> trusts)
{
    private readonly Lazy<bool> _authorityInBundle = new(() =>
        authority.Certificate is { } ca
        && trusts.OfType<CaBundleClientCertificateTrust>().Any(bundle => bundle.Authorities().Any(a => a.RawData.AsSpan().SequenceEqual(ca.RawData))));

    /// <summary>Null when <paramref name="certificate"/> may admit <paramref name="identity"/> as far as issuing goes; otherwise why not.</summary>
    public async Task<string?> ProblemAsync(X509Certificate2 certificate, string identity)
    {
        if (authority.Certificate is not { } ca || _authorityInBundle.Value || !SignedBy(certificate, ca))
        {
            return null;
        }

        return await authority.IsIssuedToAsync(identity, certificate)
            ? null
            : $"the certificate '{certificate.Subject}' (serial {certificate.SerialNumber}) was not issued by this CSMS to '{identity}', or is no longer trusted";
    }

    private static bool SignedBy(X509Certificate2 certificate, X509Certificate2 ca)
    {
        if (!certificate.IssuerName.RawData.AsSpan().SequenceEqual(ca.SubjectName.RawData))
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreNotTimeValid;
        chain.ChainPolicy.CustomTrustStore.Add(X509CertificateLoader.LoadCertificate(ca.RawData));
        return chain.Build(certificate);
    }
}
